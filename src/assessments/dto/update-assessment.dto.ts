import { PartialType } from '@nestjs/swagger';
import { CreateAssessmentDto } from './create-assessment.dto.js';

/** Any subset of the create fields, validated the same way. */
export class UpdateAssessmentDto extends PartialType(CreateAssessmentDto) {}
