import { ApiProperty } from '@nestjs/swagger';
import {
  INVITATION_STATUSES,
  type InvitationStatus,
  SUBMITTED_BY,
  type SubmittedBy,
} from '../invitations/invitation.view.js';

// Shapes fixed by Greenhouse's assessment partner contract: snake_case, every field present (null when unknown).

/** A published assessment, as Greenhouse lists the tests it can send. */
export class GreenhouseTest {
  /** The assessment's id: what `send_test` takes as `partner_test_id`. */
  partner_test_id!: string;
  /** The assessment's title and role. */
  partner_test_name!: string;
}

/** The invitation `send_test` made: its id is what Greenhouse asks `test_status` about. */
export class GreenhouseSentTest {
  partner_interview_id!: string;
}

/** Greenhouse's names for where a test stands; `complete` once the candidate has their feedback. */
export const GREENHOUSE_PARTNER_STATUSES = [
  'sent',
  'started',
  'submitted',
  'in_review',
  'complete',
  'expired',
  'cancelled',
] as const;
export type GreenhousePartnerStatus = (typeof GREENHOUSE_PARTNER_STATUSES)[number];

/** Candor's own facts about the invitation (times as ISO 8601 strings, null until they happen). */
export class GreenhouseTestMetadata {
  @ApiProperty({ enum: INVITATION_STATUSES })
  candor_status!: InvitationStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  started_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submitted_at!: string | null;
  /** `candidate`, or `deadline` when the attempt was submitted automatically at its deadline. */
  @ApiProperty({ enum: SUBMITTED_BY, nullable: true })
  submitted_by!: SubmittedBy | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  feedback_due_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  feedback_sent_at!: string | null;
  /** The reviewer's recommendation, once the feedback is sent. */
  @ApiProperty({ enum: ['advance', 'reject'], nullable: true })
  decision!: 'advance' | 'reject' | null;
}

/** Where a test sent through Greenhouse stands. */
export class GreenhouseTestStatus {
  @ApiProperty({ enum: GREENHOUSE_PARTNER_STATUSES })
  partner_status!: GreenhousePartnerStatus;
  /** Always null: Candor has no per-candidate page to link to. */
  @ApiProperty({ type: String, nullable: true })
  partner_profile_url!: string | null;
  /** The review's points as a whole percentage of the assessment's maximum, once the feedback is sent. */
  @ApiProperty({ type: 'integer', nullable: true })
  partner_score!: number | null;
  metadata!: GreenhouseTestMetadata;
}

/** Greenhouse's acknowledgement of an error report. */
export class GreenhouseErrorReportReceived {
  @ApiProperty({ enum: [200] })
  status!: 200;
}
