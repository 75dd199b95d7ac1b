import { Injectable } from '@nestjs/common';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { type RubricCriterion } from '../assessments/assessment.entity.js';
import { promptHtml, readingHtml, type RenderedContent } from '../assessments/rendered-content.js';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { InvitationNotFoundError } from '../invitations/invitation.errors.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { staffNav, type StaffNavLink } from '../web-auth/staff-nav.js';
import { type ReviewPageQueryDto } from './dto/review-page-query.dto.js';
import { type AnchoredCommentInput, type FeedbackLimits, type UnmetRule } from './feedback-rules.js';
import { anchorQuote, segmentByQuotes } from './text-quote.js';
import { type ReviewView } from './review.view.js';
import { ReviewsService } from './reviews.service.js';

export const REVIEW_PAGE_TEMPLATE = 'reviews/review-page.hbs';

/**
 * The decision as the candidate reads it on their page (src/common/i18n/en/candidate-page.ts says the same), so the
 * confirmation before sending shows the reviewer the very words.
 */
export const CANDIDATE_DECISION_WORDS = {
  advance: 'Good news: the team would like to take your application forward.',
  reject: 'The team will not be taking your application forward this time.',
} as const;

const show = (d: Date | string | null): string =>
  d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—';

/** Field names become ids: `scores.design` → `scores-design`; rubric keys are free text, so anything odd is dropped. */
export const fieldId = (field: string): string => field.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-+$/, '');

export interface ReviewPage {
  nav: StaffNavLink[];
  queue: { depth: number; nearest: string; mine: number; maxActive: number; full: boolean };
  claims: { id: string; title: string; due: string; selected: boolean }[];
  review: ReviewWorkspace | null;
  justSent: boolean;
}

/** A rule the draft does not meet, in the server's reviewer words, tied to the field it is about. */
export interface PresentedUnmet {
  field: string;
  message: string;
  /** The id of the control the summary list links to. */
  target: string;
}

/** The slot beside one field where its unmet rule appears (empty and hidden while it is met). */
export interface FieldRule {
  field: string;
  id: string;
  message: string;
}

/** One run of an answer: plain, or highlighted for the comments listed in `comments` ("0 2"). */
export interface AnswerSegment {
  text: string;
  marked: boolean;
  comments: string;
  title: string;
}

export interface PresentedQuestion {
  key: string;
  id: string;
  number: number;
  count: number;
  promptHtml: string;
  isCode: boolean;
  isChoice: boolean;
  required: boolean;
  answered: boolean;
  segments: AnswerSegment[];
  options: { value: string; chosen: boolean }[];
  /** A choice answer that is not one of the options (the version changed, or the API was used directly). */
  otherChoice: string | null;
}

export interface PresentedComment {
  index: number;
  number: number;
  questionKey: string;
  questionLabel: string;
  exact: string;
  prefix: string;
  suffix: string;
  text: string;
  /** False when the passage is not in the answer (the server will refuse it: comments[i].quote). */
  found: boolean;
  textId: string;
  quoteRule: FieldRule;
  textRule: FieldRule;
  questionRule: FieldRule;
}

export interface PresentedCriterion {
  key: string;
  title: string;
  description: string;
  maxScore: number;
  score: string;
  comment: string;
  scoreId: string;
  commentId: string;
  scoreRule: FieldRule;
  commentRule: FieldRule;
}

export interface PresentedText {
  name: 'summary' | 'strengths' | 'improvements';
  id: string;
  label: string;
  /** What the field is for, in the candidate's terms (they read it under the same heading). */
  hint: string;
  value: string;
  rule: FieldRule;
}

export interface ReviewWorkspace {
  id: string;
  title: string;
  roleTitle: string;
  submitted: string;
  due: string;
  leaseEnds: string;
  byDeadline: boolean;
  ending: string;
  timeUsed: string;
  readings: { id: string; title: string; html: string }[];
  questions: PresentedQuestion[];
  limits: FeedbackLimits;
  criteria: PresentedCriterion[];
  texts: PresentedText[];
  decisionAdvance: boolean;
  decisionReject: boolean;
  decisionRule: FieldRule;
  decisionWords: { advance: string; reject: string };
  comments: PresentedComment[];
  commentsRule: FieldRule;
  unmet: PresentedUnmet[];
}

/** The data of the /review page: queue, the reviewer's claims and, when one is open, the blind submission and its form. */
@Injectable()
export class ReviewPagePresenter {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly invitations: InvitationsService,
    private readonly assessments: AssessmentsService,
  ) {}

  async page(actor: StaffActor, { id: reviewId, sent }: ReviewPageQueryDto): Promise<ReviewPage> {
    const [queue, mine, open] = await Promise.all([
      this.reviews.queue(actor),
      this.reviews.mine(actor),
      reviewId ? this.reviews.get(actor, reviewId) : Promise.resolve(null),
    ]);
    return {
      nav: staffNav(actor.role, '/review'),
      queue: {
        depth: queue.depth,
        nearest: show(queue.nearestFeedbackDueAt),
        mine: queue.mine,
        maxActive: queue.maxActive,
        full: queue.mine >= queue.maxActive,
      },
      claims: mine.map((r) => ({
        id: r.id,
        title: r.assessment.title,
        due: show(r.feedbackDueAt),
        selected: r.id === reviewId,
      })),
      review: open ? presentWorkspace(open, await this.renderedFor(open.submissionId)) : null,
      justSent: sent === '1',
    };
  }

  /** The HTML of the version the submission's invitation was issued against. */
  private async renderedFor(submissionId: string): Promise<RenderedContent> {
    const invitation = await this.invitations.findById(submissionId);
    if (!invitation) throw new InvitationNotFoundError();
    return this.assessments.findRendered(invitation.assessmentVersionId);
  }
}

// Labels as the server's messages name the fields ("Improvements must be at least …").
const TEXTS: { name: PresentedText['name']; label: string; hint: string }[] = [
  { name: 'summary', label: 'Summary', hint: 'Your overall view of this submission.' },
  { name: 'strengths', label: 'Strengths', hint: 'What went well, with specifics.' },
  { name: 'improvements', label: 'Improvements', hint: 'What would have made it stronger, and how.' },
];

const COMMENT_FIELD = /^comments\[(\d+)\]\.(quote|text|questionKey)$/;

/** Where a rule's field is on the page, for the summary list's link. */
export function unmetTarget(field: string): string {
  if (field === 'decision') return 'field-decision';
  if (field === 'comments') return 'comments-heading';
  const comment = COMMENT_FIELD.exec(field);
  if (comment) return `field-comments-${comment[1]}-text`;
  if (field.startsWith('scores.') || field.startsWith('criteria.') || TEXTS.some((t) => t.name === field))
    return `field-${fieldId(field)}`;
  return 'feedback-heading';
}

/** The fields in the order the form shows them, so the list of unmet rules reads top to bottom like the form. */
function formOrder(rubric: readonly RubricCriterion[], commentCount: number): string[] {
  return [
    ...Array.from({ length: commentCount }, (_, i) => [
      `comments[${i}].quote`,
      `comments[${i}].text`,
      `comments[${i}].questionKey`,
    ]).flat(),
    'comments',
    ...rubric.flatMap((c) => [`scores.${c.key}`, `criteria.${c.key}`]),
    ...TEXTS.map((t) => t.name),
    'decision',
  ];
}

// The server words each rule as a sentence that names its field ("Summary must be at least 80 characters; it
// has 12."), so the page shows it as it is, beside the field and in the list.
function presentUnmet(unmet: readonly UnmetRule[], order: readonly string[]): PresentedUnmet[] {
  const position = (field: string): number => (order.includes(field) ? order.indexOf(field) : order.length);
  return [...unmet]
    .sort((a, b) => position(a.field) - position(b.field))
    .map((rule) => ({ field: rule.field, message: rule.message, target: unmetTarget(rule.field) }));
}

function fieldRule(field: string, unmet: readonly PresentedUnmet[]): FieldRule {
  return { field, id: `unmet-${fieldId(field)}`, message: unmet.find((u) => u.field === field)?.message ?? '' };
}

function ending(view: ReviewView): { byDeadline: boolean; ending: string; timeUsed: string } {
  const byDeadline = view.submittedBy === 'deadline';
  const limit = `${view.timeLimitMinutes} minutes`;
  return {
    byDeadline,
    ending: byDeadline ? 'Submitted automatically at the deadline' : 'Submitted by the candidate',
    timeUsed:
      view.minutesUsed === null ? `time used not recorded (limit ${limit})` : `used ${view.minutesUsed} of ${limit}`,
  };
}

function presentQuestions(
  view: ReviewView,
  comments: readonly AnchoredCommentInput[],
  rendered: RenderedContent,
): PresentedQuestion[] {
  return view.questions.map((q, i) => {
    const value = view.answers[q.key]?.value ?? '';
    const isChoice = q.type === 'choice';
    // The draft's comments on this answer, with their index in the whole list (the unmet rules count that way).
    const anchored = comments.flatMap((c, index) => {
      const found = c.questionKey === q.key ? anchorQuote(value, c.quote) : null;
      return found ? [{ index, range: found }] : [];
    });
    const segments = isChoice
      ? []
      : segmentByQuotes(
          value,
          anchored.map((a) => a.range),
        ).map((s) => {
          const indices = s.comments.map((j) => anchored[j].index);
          return {
            text: s.text,
            marked: indices.length > 0,
            comments: indices.join(' '),
            title: indices.map((n) => `Comment ${n + 1}`).join(', '),
          };
        });
    const options = (q.options ?? []).map((option) => ({ value: option, chosen: option === value }));
    return {
      key: q.key,
      id: `q-${i + 1}`,
      number: i + 1,
      count: view.questions.length,
      promptHtml: promptHtml(rendered, q.key, q.prompt),
      isCode: q.type === 'code',
      isChoice,
      required: q.required,
      answered: value.trim() !== '',
      segments,
      options,
      otherChoice: isChoice && value !== '' && !options.some((o) => o.chosen) ? value : null,
    };
  });
}

/**
 * The open claim as the page shows it: pure, so it is tested without a database. Readings and prompts are the
 * HTML stored when the version was published (`rendered`): a page view never renders Markdown.
 */
export function presentWorkspace(r: ReviewView, rendered: RenderedContent): ReviewWorkspace {
  const draft = r.draft;
  const comments = draft.comments ?? [];
  const unmet = presentUnmet(r.unmet, formOrder(r.rubric, comments.length));
  const questions = presentQuestions(r, comments, rendered);
  const questionLabel = (key: string): string => {
    const q = questions.find((x) => x.key === key);
    return q ? `Question ${q.number}` : `an unknown question ("${key}")`;
  };
  return {
    id: r.id,
    title: r.assessment.title,
    roleTitle: r.assessment.roleTitle,
    submitted: show(r.submittedAt),
    due: show(r.feedbackDueAt),
    leaseEnds: show(r.leaseExpiresAt),
    ...ending(r),
    readings: r.readings.map((reading, i) => ({
      id: `reading-${i + 1}`,
      title: reading.title,
      html: readingHtml(rendered, i, reading.body),
    })),
    questions,
    limits: r.limits,
    criteria: r.rubric.map((c) => ({
      key: c.key,
      title: c.title,
      description: c.description ?? '',
      maxScore: c.maxScore,
      score: draft.scores?.[c.key]?.toString() ?? '',
      comment: draft.criteria?.[c.key] ?? '',
      scoreId: `field-scores-${fieldId(c.key)}`,
      commentId: `field-criteria-${fieldId(c.key)}`,
      scoreRule: fieldRule(`scores.${c.key}`, unmet),
      commentRule: fieldRule(`criteria.${c.key}`, unmet),
    })),
    texts: TEXTS.map((t) => ({
      ...t,
      id: `field-${t.name}`,
      value: draft[t.name] ?? '',
      rule: fieldRule(t.name, unmet),
    })),
    decisionAdvance: draft.decision === 'advance',
    decisionReject: draft.decision === 'reject',
    decisionRule: fieldRule('decision', unmet),
    decisionWords: CANDIDATE_DECISION_WORDS,
    comments: comments.map((c, index) => {
      const anchored = anchorQuote(r.answers[c.questionKey]?.value ?? '', c.quote);
      return {
        index,
        number: index + 1,
        questionKey: c.questionKey,
        questionLabel: questionLabel(c.questionKey),
        exact: c.quote.exact,
        prefix: anchored?.prefix ?? c.quote.prefix ?? '',
        suffix: anchored?.suffix ?? c.quote.suffix ?? '',
        text: c.text,
        found: anchored !== null,
        textId: `field-comments-${index}-text`,
        quoteRule: fieldRule(`comments[${index}].quote`, unmet),
        textRule: fieldRule(`comments[${index}].text`, unmet),
        questionRule: fieldRule(`comments[${index}].questionKey`, unmet),
      };
    }),
    commentsRule: fieldRule('comments', unmet),
    unmet,
  };
}
