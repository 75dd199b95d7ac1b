import {
  type AssessmentVersion,
  type QuestionSection,
  type ReadingSection,
  type RubricCriterion,
} from '../assessments/assessment.entity.js';
import { type Answer } from '../attempts/answer.entity.js';
import { MINUTE_MS } from '../common/clock/durations.js';
import { type Invitation } from '../invitations/invitation.entity.js';

/** A question as the candidate saw it (prompt in Markdown). */
export type SubmissionQuestion = Omit<QuestionSection, 'kind'>;

/** What a reviewer may see of a submission: the work, never who did it. */
export interface SubmissionContent {
  assessment: { title: string; roleTitle: string };
  rubric: RubricCriterion[];
  /** The readings the candidate had (Markdown), so the reviewer knows what they were told. */
  readings: Omit<ReadingSection, 'kind'>[];
  questions: SubmissionQuestion[];
  answers: Record<string, { value: string; savedAt: Date; revision: number }>;
  startedAt: Date | null;
  submittedAt: Date;
  /** `candidate` or `deadline` (auto-submitted). */
  submittedBy: string;
  /** Whole minutes from start to submission (an auto-submission counts up to the deadline). */
  minutesUsed: number | null;
  /** What this candidate had: the assessment's limit plus accommodation and extensions. */
  timeLimitMinutes: number;
  feedbackDueAt: Date;
  /** The assessment version's minimum number of anchored comments. */
  minAnchoredComments: number;
}

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
