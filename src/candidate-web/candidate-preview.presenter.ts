import { type AssessmentQuestionSection, type AssessmentReadingSection } from '../assessments/assessment.view.js';
import { type RenderedContent } from '../assessments/rendered-content.js';
import { fill } from '../common/i18n/catalogue.js';
import {
  type CandidatePageModel,
  feedbackRule,
  minutesText,
  pageLanguage,
  pageSections,
  pageTime,
  questionSummary,
} from './candidate-page.presenter.js';
import { countQuestions } from '../attempts/attempt.view.js';
import { DAY_MS } from '../common/clock/durations.js';

/** The content a recruiter previews: the draft being written, or the latest published content. */
export interface PreviewContent {
  id: string;
  title: string;
  roleTitle: string;
  team: string | null;
  timeLimitMinutes: number;
  startWindowDays: number;
  feedbackDueHours: number;
  sections: readonly (AssessmentReadingSection | AssessmentQuestionSection)[];
}

/**
 * The candidate's page as a freshly invited candidate would first see it, for a recruiter's preview: the same
 * template and the same HTML for readings and prompts, with the questions already in the page (hidden until
 * Start) because there is no attempt on the server to start: the page's script runs the clock and keeps the answers
 * in the browser when the page says `preview`.
 */
export function presentCandidatePreview(
  content: PreviewContent,
  rendered: RenderedContent,
  now: Date,
): CandidatePageModel {
  const readings = content.sections.filter((s): s is AssessmentReadingSection => s.kind === 'reading');
  const questions = content.sections.filter((s): s is AssessmentQuestionSection => s.kind === 'question');
  // A recruiter's preview is in the catalogue's reference language.
  const language = pageLanguage('en');
  const { t } = language;
  return {
    ...language,
    questionSummary: questionSummary(t, countQuestions(questions)),
    timeLimitText: minutesText(t, content.timeLimitMinutes),
    feedbackRule: feedbackRule(t, content.feedbackDueHours),
    testRating: null,
    startText: fill(t.readyText, { minutes: content.timeLimitMinutes }),
    startButtonText: fill(t.startButton, { minutes: content.timeLimitMinutes }),
    phase: 'before',
    before: true,
    during: false,
    after: false,
    questionsShown: true,
    preview: { backHref: `/assessments/${content.id}`, feedbackDueHours: content.feedbackDueHours },
    title: content.title,
    roleTitle: content.roleTitle,
    team: content.team,
    timeLimitMinutes: content.timeLimitMinutes,
    startBy: pageTime(new Date(now.getTime() + content.startWindowDays * DAY_MS))!,
    deadline: null,
    serverNow: now.toISOString(),
    submittedAt: null,
    submittedByDeadline: false,
    feedbackDueAt: null,
    feedbackSent: false,
    ...pageSections(readings, questions, rendered, t),
    // Its own name space: a preview never reads or clears a real attempt's unsent answers.
    storageKey: `preview-${content.id}`,
    graceSeconds: 0,
  };
}
