import { type AssessmentVersion } from '../assessments/assessment.entity.js';
import { type Answer } from '../attempts/answer.entity.js';
import { MINUTE_MS } from '../common/clock/durations.js';
import { type Invitation } from '../invitations/invitation.entity.js';
import { type SubmissionContent } from './review.view.js';

export type { SubmissionContent, SubmissionQuestion } from './review.view.js';

/**
 * The submission of a submitted invitation, put together from what each feature owns: the invitation's facts,
 * the version it was issued against and the candidate's answers.
 */
export function toSubmissionContent(
  invitation: Invitation,
  version: AssessmentVersion,
  answers: readonly Answer[],
): SubmissionContent {
  const { startedAt, submittedAt } = invitation;
  return {
    assessment: { title: version.title, roleTitle: version.roleTitle },
    rubric: version.rubric,
    // The sections' jsonb is not checked on read: a missing field shows as empty (or not required).
    readings: version.readings.map((s) => ({ title: s.title ?? '', body: s.body ?? '' })),
    questions: version.questions.map((s) => ({
      key: s.key,
      prompt: s.prompt,
      type: s.type,
      ...(s.options ? { options: s.options } : {}),
      required: s.required ?? false,
    })),
    answers: Object.fromEntries(
      answers.map((a) => [a.questionKey, { value: a.value, savedAt: a.savedAt, revision: a.revision }]),
    ),
    startedAt,
    // Set by the submit transition, which every submission (the only thing reviewed) went through.
    submittedAt: submittedAt!,
    submittedBy: invitation.submittedBy!,
    minutesUsed:
      startedAt && submittedAt ? Math.round((submittedAt.getTime() - startedAt.getTime()) / MINUTE_MS) : null,
    timeLimitMinutes: invitation.totalMinutes,
    feedbackDueAt: invitation.feedbackDueAt!,
    minAnchoredComments: version.minAnchoredComments,
  };
}
