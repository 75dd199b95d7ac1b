import { ApiProperty } from '@nestjs/swagger';

// Shapes fixed by Ashby's assessment partner contract: snake_case, wrapped in `{ success, results }`.

/** A published assessment, as Ashby lists the assessment types it can start. */
export class AshbyAssessmentType {
  /** The assessment's id: what `assessment.start` takes as `assessment_type_id`. */
  assessment_type_id!: string;
  name!: string;
  description!: string;
}

/** The answer to `assessment.list`. */
export class AshbyList {
  @ApiProperty({ enum: [true] })
  success!: true;
  @ApiProperty({ type: [AshbyAssessmentType] })
  results!: AshbyAssessmentType[];
}

/** The assessment (Candor's invitation) an Ashby call started or cancelled. */
export class AshbyAssessmentRef {
  /** The invitation's id: what `assessment.cancel` takes, and what Candor's `assessment.update` calls name. */
  assessment_id!: string;
}

/** The answer to `assessment.start` and `assessment.cancel`. */
export class AshbyAssessmentResult {
  @ApiProperty({ enum: [true] })
  success!: true;
  results!: AshbyAssessmentRef;
}
