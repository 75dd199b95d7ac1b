import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { type RenderedContent } from '../assessments/rendered-content.js';
import { AttemptsService } from '../attempts/attempts.service.js';
import { CandidateRatingsService } from '../attempts/candidate-ratings.service.js';
import { type Locale } from '../common/i18n/catalogue.js';
import { AppConfig } from '../config/app-config.js';
import { InvitationNotFoundError } from '../invitations/invitation.errors.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';
import {
  type CandidatePageWithFeedback,
  type FeedbackSection,
  presentFeedback,
} from './candidate-feedback.presenter.js';
import { presentCandidatePage, privacyNote } from './candidate-page.presenter.js';
import { CandidateLinkGoneError } from './candidate-web.errors.js';

/** The candidate's page, rendered from the same attempt and feedback views the candidate API returns. */
@Injectable()
export class CandidateWebService {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly attempts: AttemptsService,
    private readonly assessments: AssessmentsService,
    private readonly reviews: ReviewsService,
    private readonly ratings: CandidateRatingsService,
    private readonly config: AppConfig,
  ) {}

  async page(token: string, locale: Locale = 'en'): Promise<CandidatePageWithFeedback> {
    const invitation = await this.invitations.findByToken(token);
    if (!invitation) throw new InvitationNotFoundError();
    const view = await this.attempts.view({
      invitationId: invitation.id,
      assessmentVersionId: invitation.assessmentVersionId,
    });
    if (view.status === 'expired' || view.status === 'withdrawn') throw new CandidateLinkGoneError(view.status);
    // The expiry sweep may not have run yet; the candidate should not be offered a Start that will fail.
    if (view.status === 'invited' && view.serverNow > view.startBy) throw new CandidateLinkGoneError('expired');
    // The HTML stored when the version was published: the page never renders Markdown itself.
    const rendered = await this.assessments.findRendered(invitation.assessmentVersionId);
    const [feedback, testRating] = await Promise.all([
      view.status === 'feedback_sent' ? this.feedback(invitation.id, rendered, locale) : null,
      view.submittedAt ? this.ratings.find(invitation.id, 'after_submit') : null,
    ]);
    const page = presentCandidatePage(view, rendered, token, this.config.attempts.graceSeconds, locale, testRating);
    return { ...page, privacyNote: privacyNote(page.t, this.config.privacy.retentionDays), feedback };
  }

  private async feedback(
    invitationId: string,
    rendered: RenderedContent,
    locale: Locale,
  ): Promise<FeedbackSection | null> {
    const [feedback, rating] = await Promise.all([
      this.reviews.candidateFeedback(invitationId),
      this.ratings.find(invitationId, 'after_feedback'),
    ]);
    return feedback.status === 'sent' ? presentFeedback(feedback, rating, rendered, locale) : null;
  }
}
