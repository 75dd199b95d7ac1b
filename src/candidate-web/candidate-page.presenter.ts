import { createHash } from 'node:crypto';
import {
  type AssessmentQuestionSection,
  type AssessmentReadingSection,
  CODE_LANGUAGE_NAMES,
} from '../assessments/assessment.view.js';
import { type AttemptView, type QuestionCounts } from '../attempts/attempt.view.js';
import { promptHtml, readingHtml, type RenderedContent } from '../assessments/rendered-content.js';
import { type CandidateRatingView } from '../attempts/candidate-rating.js';
import { RATING_COMMENT_MAX_CHARS } from '../attempts/candidate-rating.js';
import { scriptJson } from '../common/http/script-json.js';
import { fill, type Locale, messagesFor } from '../common/i18n/catalogue.js';
import { type CANDIDATE_PAGE_EN } from '../common/i18n/en/candidate-page.js';

export type PageMessages = (typeof CANDIDATE_PAGE_EN)['page'];
export type ScriptMessages = (typeof CANDIDATE_PAGE_EN)['script'];

export interface PageTime {
  iso: string;
  /** Shown until the page's script rewrites it in the candidate's own time zone. */
  text: string;
}

export interface CandidatePageModel {
  /** The page's language (`<html lang>`); its text, dates and numbers are all in it. */
  lang: Locale;
  /** The Intl locale dates and numbers are written in (the page's language, in its usual form). */
  dateLocale: string;
  /** The server-rendered text, from the message catalogue. */
  t: PageMessages;
  /** The script's text, from the same catalogue: embedded as a JSON data block (never run, so within the CSP). */
  scriptMessagesJson: string;
  /** "3 questions: 1 written answer, …", shown before the start. */
  questionSummary: string | null;
  /** The time limit in words ("75 minutes"). */
  timeLimitText: string;
  /** The feedback promise as a rule ("within 5 days after you submit"). */
  feedbackRule: string | null;
  /** What is kept, who sees it and for how long (RETENTION_DAYS), before the start; unset in a preview. */
  privacyNote?: string;
  /** The rating of the test after submitting (shown once the attempt is submitted). */
  testRating: TestRatingSection | null;
  startText: string;
  startButtonText: string;
  /** Which part of the page is shown first; the script moves on from there without a reload. */
  phase: 'before' | 'during' | 'after';
  before: boolean;
  during: boolean;
  after: boolean;
  /** The timer and the questions are in the page: during the attempt, and (hidden until Start) in a preview. */
  questionsShown: boolean;
  /** A recruiter's preview: the script keeps everything in the browser (candidate.page.ts), a banner says so. */
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
  heading: string;
  answerLabel: string;
  chooseLegend: string;
  promptHtml: string;
  type: 'text' | 'code' | 'choice';
  code: boolean;
  choice: boolean;
  required: boolean;
  /** The language a code question asks for (the editor highlights it), or null. */
  language: string | null;
  options: { id: string; value: string }[];
}

export interface TestRatingSection {
  rated: boolean;
  length: number | null;
  learning: number | null;
  comment: string | null;
  summary: string | null;
  lengthOptions: { value: number; id: string; label: string }[];
  learningOptions: { value: number; id: string; label: string }[];
  commentMaxChars: number;
  commentHint: string;
}

/** The Intl locale each page language writes dates in ("3 Dec 2026, 14:05"). */
const DATE_LOCALES: Record<Locale, string> = { en: 'en-GB' };

/** The page's messages and language settings, for a page in `locale`. */
export function pageLanguage(
  locale: Locale,
): Pick<CandidatePageModel, 'lang' | 'dateLocale' | 't' | 'scriptMessagesJson'> {
  const messages = messagesFor(locale).candidatePage;
  const dateLocale = DATE_LOCALES[locale];
  return {
    lang: locale,
    dateLocale,
    t: messages.page,
    // `<` escaped so that no message can close the data block; the JSON stays the same.
    scriptMessagesJson: scriptJson({ ...messages.script, dateLocale }),
  };
}

const plural = (n: number, one: string, other: string): string => fill(n === 1 ? one : other, { n });

export function minutesText(t: PageMessages, minutes: number): string {
  return plural(minutes, t.minutesOne, t.minutesOther);
}

/** "3 questions: 1 written answer, 1 code question, 1 multiple-choice question". */
export function questionSummary(t: PageMessages, counts: QuestionCounts): string {
  const total = counts.text + counts.code + counts.choice;
  const kinds = [
    counts.text > 0 && plural(counts.text, t.kindTextOne, t.kindTextOther),
    counts.code > 0 && plural(counts.code, t.kindCodeOne, t.kindCodeOther),
    counts.choice > 0 && plural(counts.choice, t.kindChoiceOne, t.kindChoiceOther),
  ].filter((k): k is string => typeof k === 'string');
  return fill(t.kindsIntro, { total: plural(total, t.questionsOne, t.questionsOther), kinds: kinds.join(t.listJoin) });
}

/** "within 5 days after you submit": whole days when the hours make whole days. */
export function feedbackRule(t: PageMessages, hours: number): string {
  const period =
    hours % 24 === 0 ? plural(hours / 24, t.daysOne, t.daysOther) : plural(hours, t.hoursOne, t.hoursOther);
  return fill(t.feedbackRule, { period });
}

/** What Candor keeps of the candidate, who sees it, and that it is erased `retentionDays` after the invitation ends. */
export function privacyNote(t: PageMessages, retentionDays: number): string {
  return fill(t.privacyNote, { period: plural(retentionDays, t.daysOne, t.daysOther) });
}

/** The rating of the test after submitting: the form, or the stored rating once given. */
export function presentTestRating(
  t: PageMessages,
  script: ScriptMessages,
  rating: CandidateRatingView | null,
): TestRatingSection {
  const options = (prefix: string, labels: readonly string[]) =>
    labels.map((label, i) => ({ value: i + 1, id: `${prefix}-${i + 1}`, label }));
  return {
    rated: rating !== null,
    length: rating?.length ?? null,
    learning: rating?.learning ?? null,
    comment: rating?.comment ?? null,
    summary:
      rating && rating.length !== null && rating.learning !== null
        ? fill(script.ratedTest, { length: rating.length, learning: rating.learning })
        : null,
    lengthOptions: options('test-length', t.lengthLabels),
    learningOptions: options('test-learning', t.learningLabels),
    commentMaxChars: RATING_COMMENT_MAX_CHARS,
    commentHint: fill(t.commentHint, { max: RATING_COMMENT_MAX_CHARS }),
  };
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
  t: PageMessages,
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
      heading: fill(t.questionHeading, { number: i + 1, count: questions.length }),
      answerLabel: question.language
        ? fill(t.answerLabelCodeIn, { number: i + 1, language: CODE_LANGUAGE_NAMES[question.language] })
        : fill(question.type === 'code' ? t.answerLabelCode : t.answerLabel, { number: i + 1 }),
      chooseLegend: fill(t.chooseOne, { number: i + 1 }),
      language: question.type === 'code' ? (question.language ?? null) : null,
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
  locale: Locale = 'en',
  testRating: CandidateRatingView | null = null,
): CandidatePageModel {
  const phase = DURING.has(view.status) ? 'during' : AFTER.has(view.status) ? 'after' : 'before';
  const language = pageLanguage(locale);
  const { t } = language;
  const script = messagesFor(locale).candidatePage.script;
  return {
    ...language,
    questionSummary: questionSummary(t, view.assessment.questionCounts),
    timeLimitText: minutesText(t, view.totalMinutes),
    feedbackRule: feedbackRule(t, view.assessment.feedbackDueHours),
    // Rendered (hidden) during the attempt too: the script shows it after Submit without a reload.
    testRating: phase === 'before' ? null : presentTestRating(t, script, testRating),
    startText: fill(t.readyText, { minutes: view.totalMinutes }),
    startButtonText: fill(t.startButton, { minutes: view.totalMinutes }),
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
    ...pageSections(view.readings, view.questions ?? [], rendered, t),
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
