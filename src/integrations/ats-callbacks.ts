import { type DeliveryTarget } from '../deliveries/delivery.entity.js';

/**
 * Which recorded events call an ATS back (one home: the listener and the tests read it).
 * - Greenhouse: its completion PATCH when the test is over for the candidate, whichever way (feedback sent,
 *   expired, withdrawn); Greenhouse then reads test_status.
 * - Ashby: assessment.update at each step, with the status it names.
 */
export const GREENHOUSE_CALLBACK_EVENTS: ReadonlySet<string> = new Set([
  'feedback.sent',
  'invitation.expired',
  'invitation.withdrawn',
]);

export const ASHBY_STATUS_OF_EVENT: Readonly<Record<string, string>> = {
  'attempt.started': 'Started',
  'attempt.submitted': 'Submitted',
  'feedback.sent': 'Completed',
  'invitation.expired': 'Expired',
  'invitation.withdrawn': 'Cancelled',
};

/** Whether an event may call any ATS back: the listener's cheap first test (bulk invitations record many). */
export const callsAtsBack = (type: string): boolean =>
  GREENHOUSE_CALLBACK_EVENTS.has(type) || type in ASHBY_STATUS_OF_EVENT;

export const DEFAULT_ASHBY_API_URL = 'https://api.ashbyhq.com';

/** One Ashby field as assessment.update takes it: an identifier, a label, a typed value. */
export interface AshbyField {
  identifier: string;
  label: string;
  type: 'string' | 'numeric_score' | 'url' | 'boolean_success';
  value: string | number | boolean;
  description?: string;
}

export interface AshbyUpdate {
  assessment_id: string;
  /** Milliseconds since the epoch: Ashby keeps the newest update. */
  update_request_timestamp: number;
  assessment_status: AshbyField;
  assessment_profile_url: string;
  assessment_result?: AshbyField;
  metadata?: AshbyField[];
  cancelled_reason?: string;
}

export interface AshbyFacts {
  invitationId: string;
  event: string;
  profileUrl: string;
  now: Date;
  scorePercent: number | null;
  decision: 'advance' | 'reject' | null;
  submittedBy: string | null;
}

/** Ashby's assessment.update body for one event: the status, and with feedback sent the score as its result. */
export function ashbyUpdate(facts: AshbyFacts): AshbyUpdate {
  const status = ASHBY_STATUS_OF_EVENT[facts.event] ?? 'Updated';
  const update: AshbyUpdate = {
    assessment_id: facts.invitationId,
    update_request_timestamp: facts.now.getTime(),
    assessment_status: { identifier: 'status', label: 'Status', type: 'string', value: status },
    assessment_profile_url: facts.profileUrl,
  };
  if (facts.event === 'feedback.sent' && facts.scorePercent !== null) {
    update.assessment_result = {
      identifier: 'score',
      label: 'Score',
      type: 'numeric_score',
      value: facts.scorePercent,
      description: 'Rubric points given, as a percentage of the maximum',
    };
  }
  const metadata: AshbyField[] = [
    { identifier: 'candor_submission', label: 'Submission in Candor', type: 'url', value: facts.profileUrl },
  ];
  if (facts.submittedBy)
    metadata.push({ identifier: 'submitted_by', label: 'Submitted by', type: 'string', value: facts.submittedBy });
  if (facts.decision)
    metadata.push({ identifier: 'decision', label: "Reviewer's decision", type: 'string', value: facts.decision });
  update.metadata = metadata;
  if (facts.event === 'invitation.withdrawn') update.cancelled_reason = 'Withdrawn';
  if (facts.event === 'invitation.expired') update.cancelled_reason = 'The candidate did not start in time';
  return update;
}

export type AtsTarget = Extract<DeliveryTarget, 'greenhouse' | 'ashby'>;
