import { promptHtml, type RenderedContent } from '../assessments/rendered-content.js';
import { RATING_COMMENT_MAX_CHARS, type CandidateRatingView } from '../attempts/candidate-rating.js';
import { fill, type Locale, messagesFor } from '../common/i18n/catalogue.js';
import { type CandidateFeedbackView } from '../reviews/candidate-feedback.view.js';
import { anchorQuote, segmentByQuotes } from '../reviews/text-quote.js';
import { type CandidatePageModel, type PageTime, pageTime } from './candidate-page.presenter.js';

export type SentFeedback = Extract<CandidateFeedbackView, { status: 'sent' }>;

/** The candidate page's data once the feedback is sent: the page model plus the feedback section. */
export type CandidatePageWithFeedback = CandidatePageModel & { feedback: FeedbackSection | null };

export interface FeedbackSection {
  decisionText: string;
  advance: boolean;
  sentAt: PageTime;
  summary: string;
  strengths: string;
  improvements: string;
  criteria: { key: string; title: string; comment: string }[];
  answers: AnsweredQuestion[];
  /** Comments on a question the page does not show (should not happen; never dropped silently). */
  otherComments: FeedbackComment[];
  commentCount: number;
  rating: RatingSection;
}

export interface AnsweredQuestion {
  id: string;
  number: number;
  /** "Question 2". */
  heading: string;
  /** Names the list of this question's comments for screen readers. */
  commentsLabel: string;
  promptHtml: string;
  code: boolean;
  answered: boolean;
  /** The answer cut at every commented passage, in order; joined they are the answer exactly. */
  runs: AnswerRun[];
  comments: FeedbackComment[];
}

export interface AnswerRun {
  text: string;
  /** Null for text no comment points at. */
  mark: PassageMark | null;
  /** Footnote-style links to the comments whose passage ends with this run. */
  refs: { number: number; id: string; href: string }[];
}

export interface PassageMark {
  /** `c-<n>` on the run where comment n's passage starts (the comment's link target), else null. */
  id: string | null;
  /** More comments starting on this same run get an empty anchor each (an element has one id). */
  extraAnchorIds: string[];
  /** The ids of the texts of every comment on this run, for aria-describedby. */
  describedBy: string;
}

export interface FeedbackComment {
  id: string;
  textId: string;
  number: number;
  text: string;
  /** The passage as the reviewer quoted it, shortened for the list. */
  quote: string;
  /** The quote as the list shows it: 'On “…”'. */
  quoteText: string;
  /** `#c-<n>` when the passage is highlighted in the answer; null when it could not be found there. */
  passageHref: string | null;
}

export interface RatingSection {
  rated: boolean;
  usefulness: number | null;
  usefulnessText: string | null;
  /** "You rated it 4 of 5: Useful." (the script writes the same after sending). */
  summary: string | null;
  comment: string | null;
  options: { value: number; id: string; label: string }[];
  commentMaxChars: number;
}

type PageMessages = ReturnType<typeof messagesFor>['candidatePage']['page'];

const decisionText = (t: PageMessages, decision: string): string =>
  decision === 'advance' ? t.decisionAdvance : decision === 'reject' ? t.decisionReject : '';

/** Long quotes are cut in the comment list: the whole passage is highlighted in the answer anyway. */
const QUOTE_SHOWN_CHARS = 90;

const codePoints = (text: string): string[] => Array.from(text);

function shorten(text: string, max: number): string {
  const chars = codePoints(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max
    ? chars.join('')
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

interface Placed {
  comment: SentFeedback['comments'][number];
  range: { start: number; end: number } | null;
}

const start = (p: Placed): number => p.range?.start ?? p.comment.quote.start;
const end = (p: Placed): number => p.range?.end ?? p.comment.quote.end;

/**
 * Where a comment's passage is in the answer (code points). The stored offsets are used when they still
 * point at the quoted text; otherwise the quote is searched for; null when the answer no longer has it
 * (e.g. erased for privacy), so the comment is listed with its quote but nothing is highlighted.
 */
export function placeQuote(
  answer: string,
  quote: { exact: string; start: number; end: number },
): { start: number; end: number } | null {
  if (quote.exact.length === 0) return null;
  const chars = codePoints(answer);
  if (
    quote.start >= 0 &&
    quote.end > quote.start &&
    quote.end <= chars.length &&
    chars.slice(quote.start, quote.end).join('') === quote.exact
  ) {
    return { start: quote.start, end: quote.end };
  }
  const found = anchorQuote(answer, { exact: quote.exact });
  return found ? { start: found.start, end: found.end } : null;
}

/** Cuts the answer into runs: marks carry ids (`c-<n>`) and aria-describedby, refs close each passage. */
export function answerRuns(
  answer: string,
  placed: { number: number; range: { start: number; end: number } }[],
): AnswerRun[] {
  const ranges = placed.map((p) => p.range);
  const runs: AnswerRun[] = [];
  let offset = 0;
  for (const segment of segmentByQuotes(answer, ranges)) {
    const from = offset;
    const to = from + codePoints(segment.text).length;
    offset = to;
    const here = segment.comments.map((i) => placed[i]);
    const starting = here.filter((p) => p.range.start === from).map((p) => `c-${p.number}`);
    runs.push({
      text: segment.text,
      mark:
        here.length === 0
          ? null
          : {
              id: starting[0] ?? null,
              extraAnchorIds: starting.slice(1),
              describedBy: here.map((p) => `comment-${p.number}-text`).join(' '),
            },
      refs: here
        .filter((p) => p.range.end === to)
        .map((p) => ({ number: p.number, id: `c-${p.number}-ref`, href: `#comment-${p.number}` })),
    });
  }
  return runs;
}

function commentItem(
  t: PageMessages,
  number: number,
  comment: Placed['comment'],
  highlighted: boolean,
): FeedbackComment {
  const quote = shorten(comment.quote.exact, QUOTE_SHOWN_CHARS);
  return {
    id: `comment-${number}`,
    textId: `comment-${number}-text`,
    number,
    text: comment.text,
    quote,
    quoteText: fill(t.onQuote, { quote }),
    passageHref: highlighted ? `#c-${number}` : null,
  };
}

/** The usefulness rating: the form's five labelled choices, or the stored rating ("You rated it 4 of 5: Useful."). */
export function presentRating(rating: CandidateRatingView | null, locale: Locale = 'en'): RatingSection {
  const { page: t, script } = messagesFor(locale).candidatePage;
  const usefulness = rating?.feedbackUsefulness ?? null;
  const label = usefulness === null ? null : (t.usefulnessLabels[usefulness - 1] ?? null);
  return {
    rated: rating !== null,
    usefulness,
    usefulnessText: label,
    summary: usefulness === null || label === null ? null : fill(script.ratedUsefulness, { value: usefulness, label }),
    comment: rating?.comment ?? null,
    options: t.usefulnessLabels.map((label, i) => ({ value: i + 1, id: `usefulness-${i + 1}`, label })),
    commentMaxChars: RATING_COMMENT_MAX_CHARS,
  };
}

/**
 * The feedback as the candidate reads it: decision, texts, criteria, then every answer under its prompt with
 * the reviewer's comments anchored to passages. Comments are numbered in reading order (question by
 * question, by position in the answer), so "1, 2, 3" follow the page. Prompts are the HTML stored at publish.
 */
export function presentFeedback(
  feedback: SentFeedback,
  rating: CandidateRatingView | null,
  rendered: RenderedContent,
  locale: Locale = 'en',
): FeedbackSection {
  const t = messagesFor(locale).candidatePage.page;
  const questionKeys = new Set(feedback.questions.map((q) => q.key));
  let counter = 0;
  const answers = feedback.questions.map((question, i): AnsweredQuestion => {
    const answer = feedback.answers[question.key] ?? '';
    const placed: Placed[] = feedback.comments
      .filter((c) => c.questionKey === question.key)
      .map((comment) => ({ comment, range: placeQuote(answer, comment.quote) }))
      // Reading order: highlighted passages by where they start and end, then the others by their stored offsets.
      .sort((a, b) => Number(a.range === null) - Number(b.range === null) || start(a) - start(b) || end(a) - end(b));
    const numbered = placed.map((p) => ({ ...p, number: ++counter }));
    const highlighted = numbered.flatMap((p) => (p.range ? [{ number: p.number, range: p.range }] : []));
    return {
      id: `answer-${i + 1}`,
      number: i + 1,
      heading: fill(t.answerHeading, { number: i + 1 }),
      commentsLabel: fill(t.commentsOnQuestion, { number: i + 1 }),
      promptHtml: promptHtml(rendered, question.key, question.prompt),
      code: question.type === 'code',
      answered: answer.trim() !== '',
      runs: answerRuns(answer, highlighted),
      comments: numbered.map((p) => commentItem(t, p.number, p.comment, p.range !== null)),
    };
  });
  const otherComments = feedback.comments
    .filter((c) => !questionKeys.has(c.questionKey))
    .map((c) => commentItem(t, ++counter, c, false));
  return {
    decisionText: decisionText(t, feedback.decision),
    advance: feedback.decision === 'advance',
    sentAt: pageTime(feedback.sentAt)!,
    summary: feedback.summary,
    strengths: feedback.strengths,
    improvements: feedback.improvements,
    criteria: feedback.criteria,
    answers,
    otherComments,
    commentCount: counter,
    rating: presentRating(rating, locale),
  };
}
