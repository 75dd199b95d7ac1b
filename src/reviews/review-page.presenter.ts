import { Injectable } from '@nestjs/common';
import { type StaffActor } from '../auth/auth.decorators.js';
import { AppConfig } from '../config/app-config.js';
import { type ReviewPageQueryDto } from './dto/review-page-query.dto.js';
import { CRITERION_MIN_CHARS, type UnmetRule } from './feedback-rules.js';
import { ReviewsService, type ReviewView } from './reviews.service.js';

export const REVIEW_PAGE_TEMPLATE = 'reviews/review-page.hbs';

const show = (d: Date | string | null): string => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

export interface ReviewPage {
  queue: { depth: number; nearest: string; mine: number; maxActive: number; full: boolean };
  claims: { id: string; title: string; due: string; selected: boolean }[];
  review: ReviewWorkspace | null;
  justSent: boolean;
  minChars: number;
  criterionMinChars: number;
}

interface ReviewWorkspace {
  id: string;
  title: string;
  roleTitle: string;
  submitted: string;
  due: string;
  leaseEnds: string;
  questions: { key: string; prompt: string; isCode: boolean; answer: string }[];
  criteria: { key: string; title: string; description: string; maxScore: number; score: string; comment: string }[];
  decisionAdvance: boolean;
  decisionReject: boolean;
  summary: string;
  strengths: string;
  improvements: string;
  unmet: UnmetRule[];
}

/** The data of the /review page: queue, the reviewer's claims and, when one is open, the blind submission and its form. */
@Injectable()
export class ReviewPagePresenter {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly config: AppConfig,
  ) {}

  async page(actor: StaffActor, { id: reviewId, sent }: ReviewPageQueryDto): Promise<ReviewPage> {
    const [queue, mine, open] = await Promise.all([
      this.reviews.queue(actor),
      this.reviews.mine(actor),
      reviewId ? this.reviews.get(actor, reviewId) : Promise.resolve(null),
    ]);
    return {
      queue: { depth: queue.depth, nearest: show(queue.nearestFeedbackDueAt), mine: queue.mine, maxActive: queue.maxActive, full: queue.mine >= queue.maxActive },
      claims: mine.map((r) => ({ id: r.id, title: r.assessment.title, due: show(r.feedbackDueAt), selected: r.id === reviewId })),
      review: open ? workspace(open) : null,
      justSent: sent === '1',
      minChars: this.config.reviews.feedbackMinChars,
      criterionMinChars: CRITERION_MIN_CHARS,
    };
  }
}

function workspace(r: ReviewView): ReviewWorkspace {
  const draft = r.draft;
  return {
    id: r.id,
    title: r.assessment.title,
    roleTitle: r.assessment.roleTitle,
    submitted: show(r.submittedAt),
    due: show(r.feedbackDueAt),
    leaseEnds: show(r.leaseExpiresAt),
    questions: r.questions.map((q) => ({ key: q.key, prompt: q.prompt, isCode: q.type === 'code', answer: r.answers[q.key]?.value ?? '' })),
    criteria: r.rubric.map((c) => ({
      key: c.key,
      title: c.title,
      description: c.description ?? '',
      maxScore: c.maxScore,
      score: draft.scores?.[c.key]?.toString() ?? '',
      comment: draft.criteria?.[c.key] ?? '',
    })),
    decisionAdvance: draft.decision === 'advance',
    decisionReject: draft.decision === 'reject',
    summary: draft.summary ?? '',
    strengths: draft.strengths ?? '',
    improvements: draft.improvements ?? '',
    unmet: r.unmet,
  };
}
