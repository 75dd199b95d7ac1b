import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { AttemptsService } from '../attempts/attempts.service.js';
import { type CandidateRatingView } from '../attempts/candidate-rating.view.js';
import { CandidateRatingsService } from '../attempts/candidate-ratings.service.js';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';
import { Clock } from '../common/clock/clock.js';
import { InvitationNotFoundError } from '../invitations/invitation.errors.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';
import { type CandidateDataView, type ExportedAnswer } from './candidate-data.view.js';

/** The statuses in which feedback exists or is awaited (before them the feedback endpoint answers 409). */
const FEEDBACK_STATUSES: ReadonlySet<string> = new Set(['submitted', 'in_review', 'feedback_sent']);

/**
 * A candidate's own data, put together from what each feature owns: the invitation, the test's questions, the
 * answers with their save times, the feedback as the candidate page shows it, and the candidate's ratings.
 * Read only; nothing here is logged.
 */
@Injectable()
export class CandidateDataService {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly assessments: AssessmentsService,
    private readonly attempts: AttemptsService,
    private readonly reviews: ReviewsService,
    private readonly ratings: CandidateRatingsService,
    private readonly clock: Clock,
  ) {}

  async export(candidate: CandidateActor): Promise<CandidateDataView> {
    const invitation = await this.invitations.findById(candidate.invitationId);
    if (!invitation) throw new InvitationNotFoundError();
    const [version, answers, feedback, ratings] = await Promise.all([
      this.assessments.findVersion(invitation.assessmentVersionId),
      this.attempts.answersOf(invitation.id),
      FEEDBACK_STATUSES.has(invitation.status) ? this.reviews.candidateFeedback(invitation.id) : undefined,
      Promise.all([
        this.ratings.find(invitation.id, 'after_submit'),
        this.ratings.find(invitation.id, 'after_feedback'),
      ]),
    ]);
    const order = new Map(version.questions.map((q, i) => [q.key, i]));
    const exported: ExportedAnswer[] = answers
      .map((a) => {
        const question = version.questions.find((q) => q.key === a.questionKey);
        return {
          questionKey: a.questionKey,
          prompt: question?.prompt ?? '',
          type: question?.type ?? null,
          value: a.value,
          savedAt: a.savedAt,
          revision: a.revision,
        };
      })
      .sort((x, y) => (order.get(x.questionKey) ?? order.size) - (order.get(y.questionKey) ?? order.size));
    return {
      exportedAt: this.clock.now(),
      invitation: {
        id: invitation.id,
        assessmentTitle: version.title,
        roleTitle: version.roleTitle,
        candidateName: invitation.candidateName,
        candidateEmail: invitation.candidateEmail,
        status: invitation.status,
        invitedAt: invitation.createdAt,
        startBy: invitation.startBy,
        totalMinutes: invitation.totalMinutes,
        startedAt: invitation.startedAt,
        deadline: invitation.deadline,
        submittedAt: invitation.submittedAt,
        submittedBy: invitation.submittedBy,
        feedbackDueAt: invitation.feedbackDueAt,
        feedbackSentAt: invitation.feedbackSentAt,
      },
      answers: exported,
      ...(feedback ? { feedback } : {}),
      ratings: ratings.filter((r): r is CandidateRatingView => r !== null),
    };
  }
}
