import { createHash } from 'node:crypto';
import { type AssessmentQuestionSection, type AssessmentReadingSection } from '../assessments/assessment.view.js';
import { type AttemptView } from '../attempts/attempt.view.js';
import { promptHtml, readingHtml, type RenderedContent } from '../assessments/rendered-content.js';

export interface PageTime {
  iso: string;
  /** Shown until the page's script rewrites it in the candidate's own time zone. */
  text: string;
}

export interface CandidatePageModel {
  /** Which part of the page is shown first; the script moves on from there without a reload. */
  phase: 'before' | 'during' | 'after';
  before: boolean;
  during: boolean;
  after: boolean;
  /** The timer and the questions are in the page: during the attempt, and (hidden until Start) in a preview. */
  questionsShown: boolean;
  /** A recruiter's preview: the script keeps everything in the browser (candidate.js), a banner says so. */
  preview?: CandidatePagePreview;
  title: string;
  roleTitle: string;
  team: string | null;
  /** What this candidate gets: the limit plus accommodation and extensions. */
  timeLimitMinutes: number;
  startBy: PageTime;
  deadline: PageTime | null;
  serverNow: string;
  submittedAt: PageTime | null;
  submittedByDeadline: boolean;
  feedbackDueAt: PageTime | null;
  /** The feedback is rendered on the page instead of the due date. */
  feedbackSent: boolean;
  readings: { id: string; title: string; html: string }[];
  questions: CandidatePageQuestion[];
  /** Names this attempt's unsent answers in localStorage without being (or revealing) the token. */
  storageKey: string;
  graceSeconds: number;
}

export interface CandidatePagePreview {
  /** Where the banner's link goes back to (the assessment's editor). */
  backHref: string;
  feedbackDueHours: number;
}

export interface CandidatePageQuestion {
  key: string;
  id: string;
  number: number;
  count: number;
  promptHtml: string;
  type: 'text' | 'code' | 'choice';
  code: boolean;
  choice: boolean;
  required: boolean;
  options: { id: string; value: string }[];
}

const DURING = new Set(['started']);
const AFTER = new Set(['submitted', 'in_review', 'feedback_sent']);

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

export function pageTime(date: Date | null): PageTime | null {
  if (!date) return null;
  return { iso: date.toISOString(), text: `${UTC_FORMAT.format(date)} UTC` };
}

/**
 * The readings and questions as the page shows them, numbered in order, with the HTML stored when the version was
 * published (a candidate's attempt and a recruiter's preview alike).
 */
export function pageSections(
  readings: readonly AssessmentReadingSection[],
  questions: readonly AssessmentQuestionSection[],
  rendered: RenderedContent,
): Pick<CandidatePageModel, 'readings' | 'questions'> {
  return {
    readings: readings.map((reading, i) => ({
      id: `reading-${i + 1}`,
      title: reading.title,
      html: readingHtml(rendered, i, reading.body),
    })),
    questions: questions.map((question, i) => ({
      key: question.key,
      id: `q${i + 1}`,
      number: i + 1,
      count: questions.length,
      promptHtml: promptHtml(rendered, question.key, question.prompt),
      type: question.type,
      code: question.type === 'code',
      choice: question.type === 'choice',
      required: question.required,
      options: (question.options ?? []).map((value, j) => ({ id: `q${i + 1}-o${j + 1}`, value })),
    })),
  };
}

/**
 * The template's data for an invitation the candidate may still see (not expired or withdrawn). Readings and
 * prompts are the HTML stored when the version was published: a page view never renders Markdown.
 */
export function presentCandidatePage(
  view: AttemptView,
  rendered: RenderedContent,
  token: string,
  graceSeconds: number,
): CandidatePageModel {
  const phase = DURING.has(view.status) ? 'during' : AFTER.has(view.status) ? 'after' : 'before';
  return {
    phase,
    before: phase === 'before',
    during: phase === 'during',
    after: phase === 'after',
    questionsShown: phase === 'during',
    title: view.assessment.title,
    roleTitle: view.assessment.roleTitle,
    team: view.assessment.team,
    timeLimitMinutes: view.totalMinutes,
    startBy: pageTime(view.startBy)!,
    deadline: pageTime(view.deadline),
    serverNow: view.serverNow.toISOString(),
    submittedAt: pageTime(view.submittedAt),
    submittedByDeadline: view.submittedBy === 'deadline',
    feedbackDueAt: pageTime(view.feedbackDueAt),
    feedbackSent: view.status === 'feedback_sent',
    ...pageSections(view.readings, view.questions ?? [], rendered),
    storageKey: storageKeyFor(token),
    graceSeconds,
  };
}

/**
 * The browser keeps unsent answers under this key. Derived from the token with its own prefix, so it is
 * neither the token nor the hash the database looks the token up by.
 */
export function storageKeyFor(token: string): string {
  return createHash('sha256').update(`candor-browser-storage:${token}`).digest('base64url').slice(0, 22);
}
