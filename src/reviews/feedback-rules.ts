import { createHash } from 'node:crypto';
import unhomoglyph from 'unhomoglyph';
import { type RubricCriterion } from '../assessments/assessment.entity.js';
import { anchorQuote, QUOTE_MIN_CHARS, type TextQuote } from './text-quote.js';
import { type UnmetRule } from './feedback-rules.view.js';

export type { FeedbackLimits, UnmetRule } from './feedback-rules.view.js';

/**
 * The rules that make feedback useful, in one pure module: the API checks them on complete (422), the draft
 * endpoint reports them live to the reviewer page. No I/O here: the service passes in the rubric, the answers,
 * the texts already sent to other candidates that the index found close to this feedback, and which of this
 * feedback's sentences other candidates were sent too.
 *
 * Useful means, measured on what a reader sees: long enough in visible characters of the reviewer's own words
 * (invisible code points, runs of punctuation, symbols or emoji, sentences sent to other candidates and repeats
 * of a sentence add nothing), real sentences (enough different real words for the length), no placeholder, no
 * field repeating another, no near-copy of feedback sent for another submission, and comments anchored to
 * passages of this candidate's answers. Every message names the field as the reviewer sees it (criterion titles,
 * not keys).
 */

export const DECISIONS = ['advance', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A reviewer's comment on a passage of the candidate's answer to `questionKey`. */
export interface AnchoredCommentInput {
  questionKey: string;
  quote: TextQuote;
  text: string;
}

/**
 * What a reviewer sends (complete) or saves (draft); every part may still be missing. The rules judge any score
 * and criterion comment (`unknown`); FeedbackDto checks their types, so what it let through (a stored draft) is
 * a FeedbackInput<number, string>.
 */
export interface FeedbackInput<Score = unknown, Comment = unknown> {
  decision?: string;
  scores?: Record<string, Score>;
  criteria?: Record<string, Comment>;
  summary?: string;
  strengths?: string;
  improvements?: string;
  comments?: AnchoredCommentInput[];
}

/** A text sent to another candidate, as the near-copy index returned it. */
export interface SentText {
  /** foldText of the text. */
  folded: string;
  /** Sent by the reviewer now writing (the message then says "you"). */
  mine: boolean;
}

export interface FeedbackRuleOptions {
  /** FEEDBACK_MIN_CHARS: summary, strengths and improvements. */
  minChars: number;
  /** The assessment's minAnchoredComments; 0 when omitted. */
  minAnchoredComments?: number;
  /** The submission's questions in order (for "question 2" in messages) and its answers as submitted. */
  questions?: readonly { key: string }[];
  answers?: Readonly<Record<string, string>>;
  /** Texts sent for other submissions that may be near copies of this feedback's texts. */
  sentTexts?: readonly SentText[];
  /** Fingerprints (sentenceFingerprints) of sentences already sent to other candidates. */
  recurringSentences?: ReadonlySet<string>;
}

export const CRITERION_MIN_CHARS = 20;
export const COMMENT_MIN_CHARS = 20;
/**
 * Two texts whose word trigrams (as PostgreSQL's pg_trgm counts them) overlap this much are "nearly the same":
 * an added word, a swapped look-alike letter or reordered sentences stay above it; two honest reviews of one
 * task in shared vocabulary stay well below.
 */
export const NEAR_COPY_SIMILARITY = 0.6;
export const TEXT_FIELDS = ['summary', 'strengths', 'improvements'] as const;
const FIELD_LABELS: Record<(typeof TEXT_FIELDS)[number], string> = {
  summary: 'Summary',
  strengths: 'Strengths',
  improvements: 'Improvements',
};

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2800\u3164\uFFA0\u115F\u1160]/gu;
/** Runs of what carries no words: whitespace, punctuation, symbols (emoji are symbols), leftover marks. */
const NON_WORD_RUN = /[^\p{L}\p{N}\p{M}]+/gu;
/** Combining marks beyond two on one character: stacked, they draw a smudge, not more text ("é" counts, "é́́́́" not). */
const STACKED_MARKS = /(?<=\p{M}{2})\p{M}+/gu;
/** A word that counts toward "real sentences": two letters or more, or one CJK character (a word on its own). */
const REAL_WORD = /\p{L}.*\p{L}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/su;
const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Whole texts that say nothing (compared folded). */
const PLACEHOLDERS = new Set(
  [
    'n/a',
    'na',
    'tbd',
    'todo',
    'tba',
    'lorem ipsum',
    'xxx',
    'asdf',
    '-',
    '...',
    'same as above',
    'see above',
    'as above',
    'none',
    'nothing',
    'ok',
    'fine',
    'good',
    'nil',
    'null',
    'placeholder',
  ].map((p) => foldText(p)),
);
/** Filler inside a text (matched on the original, case-insensitively). */
const FILLER_PATTERN = /\b(?:n\/a|tbd|todo|lorem|ipsum|dolor|sit amet|x{3,}|asdf\w*|same as above|see above)\b/giu;
/**
 * Template markers left in: [INSERT FEEDBACK HERE], {{name}}, <your text>, ___. The bracket contents are bounded
 * and may not contain another opening bracket: unbounded, "[your " repeated over 20,000 characters took a minute.
 */
const TEMPLATE_PATTERN =
  /\[[^[\]]{0,80}?\b(?:insert|add|your|here|feedback|todo|tbd|placeholder|text|comment)\b[^[\]]{0,80}\]|\{\{[^{}]{0,80}\}\}|<\s*(?:insert|your|add)\b[^<>]{0,80}>|_{3,}/iu;
/**
 * Every pattern a save runs over the reviewer's untrusted text. The draft endpoint checks each save, so one with
 * catastrophic backtracking is a denial of service; feedback-rules.spec has a ReDoS checker prove each one safe.
 */
export const UNTRUSTED_TEXT_PATTERNS = {
  INVISIBLE,
  NON_WORD_RUN,
  STACKED_MARKS,
  REAL_WORD,
  FILLER_PATTERN,
  TEMPLATE_PATTERN,
} as const;
/** Latin filler words that are not also common words of living languages (folded, so "L0rem" matches). */
const LOREM_WORDS = new Set(
  'lorem ipsum dolor amet consectetur adipiscing elit eiusmod tempor incididunt labore dolore magna aliqua enim minim veniam quis nostrud exercitation ullamco laboris nisi aliquip commodo consequat duis aute irure reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat proident culpa officia deserunt mollit anim laborum'
    .split(' ')
    .map((w) => foldText(w)),
);

/**
 * The text a reader sees, as words separated by single spaces: invisible code points removed, every run of
 * whitespace, punctuation, symbols or emoji counted as one separator.
 */
export function visibleText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(STACKED_MARKS, '').replace(NON_WORD_RUN, ' ').trim();
}

/**
 * Visible characters (code points of visibleText), in every script: what the reviewer can count on screen. A CJK
 * character counts as one, like a Latin letter, although it carries more: the same minimum asks a little more of
 * a Chinese or Japanese reviewer (20 characters is still one short sentence), and weighting scripts would make
 * "it has N" disagree with what the reviewer counts.
 */
export function visibleLength(text: string): number {
  return Array.from(visibleText(text)).length;
}

/**
 * The comparable form of a text: visible words only, lower case, and look-alike characters folded to one
 * spelling with Unicode's confusables skeleton (Cyrillic "а" and Latin "a", "0" and "O", "rn" and "m" compare
 * equal), accents dropped. Used for placeholders, copies and sentence fingerprints; stored for the near-copy index.
 */
export function foldText(text: string): string {
  const lower = visibleText(text).toLowerCase();
  // Accents go too (after the skeleton, which adds marks of its own, e.g. ç to c̦): "résumé" is "resume", so
  // accenting every word disguises nothing, and PostgreSQL's trigrams never see a mark as a word break.
  return unhomoglyph(lower)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(NON_WORD_RUN, ' ')
    .trim();
}

/**
 * The words of a visibleText, as a reader would count them (Intl.Segmenter: also splits Chinese or Japanese).
 * Segmented in pieces of at most SEGMENT_CHUNK characters: V8 copies the whole input into every segment it
 * yields, so one 20,000-character text took half a second and 40,000 characters ran out of memory.
 */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const chunk of chunksOf(text.toLowerCase())) {
    for (const s of wordSegmenter.segment(chunk)) if (s.isWordLike) words.push(s.segment);
  }
  return words;
}

const SEGMENT_CHUNK = 256;

/** A visibleText cut at spaces into pieces of at most SEGMENT_CHUNK code points (a longer word is cut too). */
function chunksOf(text: string): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const token of text.split(' ')) {
    const chars = Array.from(token);
    if (chars.length > SEGMENT_CHUNK) {
      if (current !== '') chunks.push(current);
      current = '';
      for (let i = 0; i < chars.length; i += SEGMENT_CHUNK) chunks.push(chars.slice(i, i + SEGMENT_CHUNK).join(''));
    } else if (current.length + 1 + token.length > SEGMENT_CHUNK) {
      if (current !== '') chunks.push(current);
      current = token;
    } else {
      current = current === '' ? token : `${current} ${token}`;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/** pg_trgm's trigrams of a folded text: each word padded with two spaces before and one after. */
export function trigrams(folded: string): Set<string> {
  const grams = new Set<string>();
  for (const word of folded.split(' ')) {
    if (word === '') continue;
    const padded = Array.from(`  ${word} `);
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3).join(''));
  }
  return grams;
}

/** Jaccard similarity of two folded texts' trigrams, as pg_trgm's similarity() computes it (0 to 1). */
export function similarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let shared = 0;
  for (const g of ta) if (tb.has(g)) shared++;
  return shared / (ta.size + tb.size - shared);
}

/**
 * A text's sentences, as the original substrings: split after . ! ? ; followed by a space, after a full-width
 * 。！？； (Chinese and Japanese put no space after them), or at a line break.
 */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|(?<=[。！？；｡])\s*|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const fingerprint = (folded: string): string => createHash('sha256').update(folded).digest('base64url').slice(0, 22);

/** Two words or more (counted by Intl.Segmenter, so a Chinese sentence without spaces has its words too). */
const hasWords = (sentence: string): boolean => wordsOf(visibleText(sentence)).length >= 2;

/** Fingerprints of a text's sentences of two words or more (what "the same sentence" means across feedback). */
export function sentenceFingerprints(text: string): string[] {
  return sentencesOf(text)
    .filter(hasWords)
    .map((s) => fingerprint(foldText(s)));
}

/**
 * What counts toward the minimum length: the text without the sentences already sent to other candidates, and
 * with each of its own sentences once (one sentence pasted five times says it once).
 */
function ownWords(text: string, recurring: ReadonlySet<string>): { text: string; recurring: number; repeated: number } {
  const kept: string[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  let repeated = 0;
  for (const sentence of sentencesOf(text)) {
    const folded = foldText(sentence);
    if (recurring.size > 0 && hasWords(sentence) && recurring.has(fingerprint(folded))) dropped++;
    else if (folded !== '' && seen.has(folded)) repeated++;
    else {
      seen.add(folded);
      kept.push(sentence);
    }
  }
  return { text: kept.join(' '), recurring: dropped, repeated };
}

/** Why the own words fell short, in brackets for the length message. */
function notCounted(own: { recurring: number; repeated: number }): string {
  const reasons = [
    ...(own.recurring > 0 ? ['sentences also sent to other candidates do not count'] : []),
    ...(own.repeated > 0 ? ['a sentence repeated in it counts once'] : []),
  ];
  return reasons.join(', and ');
}

/** Real text has more different words the longer it is: "a b c" or one sentence pasted five times do not. */
const distinctWordsNeeded = (length: number): number => Math.max(3, Math.floor(Math.sqrt(length) * 0.6));

/**
 * How many different real words a text has: single letters and numbers ("a b c d e f g", counting to 40) are not
 * words, and look-alike spellings of one word ("good", "gооd" in Cyrillic) are one word.
 */
function distinctRealWords(text: string): number {
  const words = new Set(wordsOf(visibleText(text)).filter((w) => REAL_WORD.test(w)));
  return new Set([...words].map((w) => foldText(w))).size;
}

interface TextContext {
  sentTexts: readonly SentText[];
  recurringSentences: ReadonlySet<string>;
}

/** Why one text is not useful (a sentence naming it by `label`), or null when it is. */
export function checkText(
  text: unknown,
  minChars: number,
  label: string,
  context: Partial<TextContext> = {},
): string | null {
  if (typeof text !== 'string' || text.trim() === '') return `${label} is required.`;
  const folded = foldText(text);
  const foldedWords = folded.split(' ');
  const loremWords = foldedWords.filter((w) => LOREM_WORDS.has(w));
  if (
    folded === '' ||
    PLACEHOLDERS.has(folded) ||
    PLACEHOLDERS.has(text.trim().toLowerCase()) ||
    TEMPLATE_PATTERN.test(text) ||
    (new Set(loremWords).size >= 3 && loremWords.length * 4 >= foldedWords.length)
  ) {
    return `${label} is placeholder text: write what you actually saw in this submission.`;
  }
  // A copy is named as such before its sentences are discounted as recurring: the clearer message wins.
  const copy = nearestCopy(folded, context.sentTexts ?? []);
  if (copy) {
    return copy.mine
      ? `${label} is the same or nearly the same as feedback you already sent to another candidate: write it for this submission.`
      : `${label} is the same or nearly the same as feedback another reviewer sent to another candidate: write what you saw in this submission.`;
  }
  const own = ownWords(text, context.recurringSentences ?? new Set());
  const length = visibleLength(own.text);
  if (length < minChars) {
    const reasons = notCounted(own);
    return reasons !== ''
      ? `${label} needs at least ${minChars} characters of your own words; it has ${length} (${reasons}).`
      : `${label} must be at least ${minChars} characters; it has ${length}.`;
  }
  if (visibleLength(own.text.replace(FILLER_PATTERN, ' ')) < minChars)
    return `${label} is mostly placeholder text: write what you actually saw in this submission.`;
  const letters = new Set(folded.replace(/[^\p{L}]/gu, ''));
  if (letters.size <= 1 || distinctRealWords(own.text) < distinctWordsNeeded(length)) {
    return `${label} must be real sentences, not repeated words, characters or punctuation.`;
  }
  return null;
}

function nearestCopy(folded: string, sentTexts: readonly SentText[]): SentText | null {
  let best: SentText | null = null;
  for (const sent of sentTexts) {
    if (similarity(folded, sent.folded) >= NEAR_COPY_SIMILARITY && (!best || (sent.mine && !best.mine))) best = sent;
  }
  return best;
}

/** One free text of a feedback, with the field it is reported on and the label a reviewer knows it by. */
export interface FeedbackText {
  field: string;
  label: string;
  text: string;
  minChars: number;
}

/**
 * Every free text of a feedback in the order the reviewer writes them (summary, strengths, improvements, the
 * criteria in rubric order, the anchored comments): what the copy rules compare and the index stores.
 */
export function feedbackTexts(
  input: FeedbackInput,
  rubric: readonly RubricCriterion[],
  minChars: number,
): FeedbackText[] {
  const texts: FeedbackText[] = [];
  for (const field of TEXT_FIELDS) {
    texts.push({
      field,
      label: FIELD_LABELS[field],
      text: typeof input[field] === 'string' ? input[field] : '',
      minChars,
    });
  }
  for (const c of rubric) {
    const text = input.criteria?.[c.key];
    texts.push({
      field: `criteria.${c.key}`,
      label: `The comment on "${c.title}"`,
      text: typeof text === 'string' ? text : '',
      minChars: CRITERION_MIN_CHARS,
    });
  }
  commentsOf(input).forEach((comment, i) => {
    texts.push({
      field: `comments[${i}].text`,
      label: `Comment ${i + 1} on the answers`,
      text: typeof comment?.text === 'string' ? comment.text : '',
      minChars: COMMENT_MIN_CHARS,
    });
  });
  return texts;
}

/**
 * Every rule the feedback does not meet yet, one entry per field (`decision`, `scores.<key>`, `criteria.<key>`,
 * `summary`, `strengths`, `improvements`, `comments`, `comments[<i>].quote`, `comments[<i>].text`); empty means
 * it may be sent. Scores are integers from 0 (nothing of it shown) to the criterion's maxScore.
 */
export function checkFeedback(
  input: FeedbackInput,
  rubric: readonly RubricCriterion[],
  options: FeedbackRuleOptions,
): UnmetRule[] {
  const unmet: UnmetRule[] = [];
  const context: TextContext = {
    sentTexts: options.sentTexts ?? [],
    recurringSentences: options.recurringSentences ?? new Set(),
  };

  if (!DECISIONS.includes(input.decision as Decision))
    unmet.push({ field: 'decision', message: 'Choose a decision: advance or reject.' });

  const scores = input.scores ?? {};
  const known = new Set(rubric.map((c) => c.key));
  for (const c of rubric) {
    const score = scores[c.key];
    if (score === undefined || score === null) {
      unmet.push({ field: `scores.${c.key}`, message: `Give "${c.title}" a score from 0 to ${c.maxScore}.` });
    } else if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > c.maxScore) {
      unmet.push({
        field: `scores.${c.key}`,
        message: `The score for "${c.title}" must be a whole number from 0 to ${c.maxScore}.`,
      });
    }
  }
  for (const key of Object.keys(scores)) {
    if (!known.has(key)) unmet.push({ field: `scores.${key}`, message: `"${key}" is not a criterion of this rubric.` });
  }
  for (const key of Object.keys(input.criteria ?? {})) {
    if (!known.has(key))
      unmet.push({ field: `criteria.${key}`, message: `"${key}" is not a criterion of this rubric.` });
  }

  unmet.push(...checkAnchors(commentsOf(input), options));

  // Each text on its own, then against the texts before it in the same feedback (reported on the later one).
  const texts = feedbackTexts(input, rubric, options.minChars);
  const failed = new Set(unmet.map((u) => u.field));
  const accepted: { label: string; folded: string }[] = [];
  for (const t of texts) {
    const problem = checkText(t.text, t.minChars, t.label, context);
    if (problem) {
      if (!failed.has(t.field)) unmet.push({ field: t.field, message: problem });
      continue;
    }
    const folded = foldText(t.text);
    const twin = accepted.find((a) => similarity(folded, a.folded) >= NEAR_COPY_SIMILARITY);
    if (twin)
      unmet.push({
        field: t.field,
        message: `${t.label} repeats ${lowerFirst(twin.label)}: each part of the feedback should say something of its own.`,
      });
    else accepted.push({ label: t.label, folded });
  }
  return unmet;
}

/** A label inside a sentence: "the summary", "the comment on "Design"", "comment 1 on the answers". */
const lowerFirst = (label: string): string => {
  if (label.startsWith('The ')) return `the ${label.slice(4)}`;
  if (label.startsWith('Comment ')) return `c${label.slice(1)}`;
  return `the ${label.toLowerCase()}`;
};

/** The comments of a draft, which may be anything the page saved: not a list counts as none. */
const commentsOf = (input: FeedbackInput): readonly AnchoredCommentInput[] =>
  Array.isArray(input.comments) ? input.comments : [];

/** A quote as the rules read it: parts that are not strings count as missing. */
function quoteOf(quote: unknown): TextQuote {
  const q = (typeof quote === 'object' && quote !== null ? quote : {}) as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return { exact: text(q.exact) ?? '', prefix: text(q.prefix), suffix: text(q.suffix) };
}

/** Enough comments, each on a passage that is really in the answer it names. */
function checkAnchors(comments: readonly AnchoredCommentInput[], options: FeedbackRuleOptions): UnmetRule[] {
  const unmet: UnmetRule[] = [];
  const needed = options.minAnchoredComments ?? 0;
  if (comments.length < needed) {
    unmet.push({
      field: 'comments',
      message: `Comment on at least ${needed} passage${needed === 1 ? '' : 's'} of the candidate's answers (select the text in an answer); there ${comments.length === 1 ? 'is' : 'are'} ${comments.length}.`,
    });
  }
  const questions = options.questions ?? [];
  const answers = options.answers ?? {};
  comments.forEach((comment, i) => {
    const n = i + 1;
    const number = questions.findIndex((q) => q.key === comment?.questionKey) + 1;
    if (number === 0) {
      unmet.push({
        field: `comments[${i}].questionKey`,
        message: `Comment ${n} points at a question this assessment does not have.`,
      });
      return;
    }
    const answer = answers[comment.questionKey] ?? '';
    const quote = quoteOf(comment.quote);
    const exact = quote.exact;
    if (answer.trim() === '') {
      unmet.push({
        field: `comments[${i}].quote`,
        message: `Comment ${n}: question ${number} was not answered, so there is no passage to comment on.`,
      });
    } else if (visibleLength(exact) < QUOTE_MIN_CHARS) {
      unmet.push({
        field: `comments[${i}].quote`,
        message: `Comment ${n} quotes too little: select at least ${QUOTE_MIN_CHARS} characters of the answer.`,
      });
    } else if (!anchorQuote(answer, quote)) {
      unmet.push({
        field: `comments[${i}].quote`,
        message: `The passage comment ${n} quotes is not in the candidate's answer to question ${number}: select it again in the answer.`,
      });
    }
  });
  return unmet;
}
