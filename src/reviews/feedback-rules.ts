/**
 * The rules that make feedback useful, in one pure module: the API checks them on complete (422), the draft
 * endpoint reports them live to the reviewer page. No I/O here: the service passes in the rubric and the
 * normalised texts this reviewer already sent to other candidates.
 */

export const DECISIONS = ['advance', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface RubricCriterion {
  key: string;
  title: string;
  description?: string;
  maxScore: number;
}

/** What a reviewer sends (complete) or saves (draft); every part may still be missing. */
export interface FeedbackInput {
  decision?: string;
  scores?: Record<string, unknown>;
  criteria?: Record<string, unknown>;
  summary?: string;
  strengths?: string;
  improvements?: string;
}

export interface FeedbackRuleOptions {
  /** FEEDBACK_MIN_CHARS: summary, strengths and improvements. */
  minChars: number;
  /** Normalised texts (see normaliseFeedbackText) of feedback this reviewer sent to other candidates. */
  previousTexts?: ReadonlySet<string>;
}

export interface UnmetRule {
  field: string;
  message: string;
}

export const CRITERION_MIN_CHARS = 20;
/** Real text has at least this many different words; stops "good good good ..." padding. */
const MIN_DISTINCT_WORDS = 3;

export const TEXT_FIELDS = ['summary', 'strengths', 'improvements'] as const;

/** Whole texts, or filler inside a text, that say nothing (compared after normalisation). */
const PLACEHOLDERS = ['n/a', 'na', 'tbd', 'todo', 'lorem ipsum', 'xxx', 'asdf', '-', '...', 'same as above', 'see above', 'none', 'nothing'];
const FILLER_PATTERN = /\b(?:n\/a|tbd|todo|lorem|ipsum|dolor|sit amet|x{3,}|asdf\w*|same as above|see above)\b/giu;

/**
 * Case, punctuation and spacing do not make a text different: "Great work!" and "great   work" are one text.
 * Used for placeholders and for the "no verbatim copy" rule.
 */
export function normaliseFeedbackText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Visible length: leading, trailing and repeated whitespace do not count. */
export function visibleLength(text: string): number {
  return text.trim().replace(/\s+/gu, ' ').length;
}

/** Every free text of a feedback, by field name, for the copy rule (criteria as `criteria.<key>`). */
export function feedbackTexts(input: Pick<FeedbackInput, 'criteria' | 'summary' | 'strengths' | 'improvements'>): { field: string; text: string }[] {
  const texts: { field: string; text: string }[] = [];
  for (const field of TEXT_FIELDS) {
    const text = input[field];
    if (typeof text === 'string') texts.push({ field, text });
  }
  for (const [key, text] of Object.entries(input.criteria ?? {})) {
    if (typeof text === 'string') texts.push({ field: `criteria.${key}`, text });
  }
  return texts;
}

/** Why one text is not useful, or null when it is. */
export function checkText(text: unknown, minChars: number, previousTexts: ReadonlySet<string> = new Set()): string | null {
  if (typeof text !== 'string' || text.trim() === '') return 'is required';
  const normalised = normaliseFeedbackText(text);
  if (PLACEHOLDERS.includes(text.trim().toLowerCase()) || PLACEHOLDERS.includes(normalised) || /lorem ipsum/u.test(normalised)) {
    return 'is placeholder text; write what you actually observed';
  }
  if (visibleLength(text) < minChars) return `must be at least ${minChars} characters (has ${visibleLength(text)})`;
  if (visibleLength(text.replace(FILLER_PATTERN, ' ')) < minChars) return 'is mostly placeholder text; write what you actually observed';
  const words = normalised.split(' ').filter((w) => w.length > 0);
  const letters = new Set(normalised.replace(/[^\p{L}]/gu, ''));
  if (words.length === 0 || letters.size <= 1 || new Set(words).size < MIN_DISTINCT_WORDS) {
    return 'must be real text, not repeated characters, words or punctuation';
  }
  if (previousTexts.has(normalised)) return 'copies feedback you already sent to another candidate; write it for this submission';
  return null;
}

/**
 * Every rule the feedback does not meet yet, one entry per field (`decision`, `scores.<key>`,
 * `criteria.<key>`, `summary`, `strengths`, `improvements`); empty means it may be sent.
 * Scores are integers from 0 (nothing of it shown) to the criterion's maxScore.
 */
export function checkFeedback(input: FeedbackInput, rubric: readonly RubricCriterion[], options: FeedbackRuleOptions): UnmetRule[] {
  const unmet: UnmetRule[] = [];
  const previous = options.previousTexts ?? new Set<string>();

  if (!DECISIONS.includes(input.decision as Decision)) unmet.push({ field: 'decision', message: 'must be "advance" or "reject"' });

  const scores = input.scores ?? {};
  const comments = input.criteria ?? {};
  const known = new Set(rubric.map((c) => c.key));
  for (const criterion of rubric) {
    const score = scores[criterion.key];
    if (score === undefined || score === null) {
      unmet.push({ field: `scores.${criterion.key}`, message: `is required (0 to ${criterion.maxScore})` });
    } else if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > criterion.maxScore) {
      unmet.push({ field: `scores.${criterion.key}`, message: `must be a whole number from 0 to ${criterion.maxScore}` });
    }
  }
  for (const key of Object.keys(scores)) {
    if (!known.has(key)) unmet.push({ field: `scores.${key}`, message: 'is not a criterion of this rubric' });
  }
  for (const criterion of rubric) {
    const problem = checkText(comments[criterion.key], CRITERION_MIN_CHARS, previous);
    if (problem) unmet.push({ field: `criteria.${criterion.key}`, message: problem });
  }
  for (const key of Object.keys(comments)) {
    if (!known.has(key)) unmet.push({ field: `criteria.${key}`, message: 'is not a criterion of this rubric' });
  }
  for (const field of TEXT_FIELDS) {
    const problem = checkText(input[field], options.minChars, previous);
    if (problem) unmet.push({ field, message: problem });
  }
  return unmet;
}
