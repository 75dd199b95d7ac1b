import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Public } from '../common/auth/staff-route.decorators.js';
import { ApiProblems, ApiRequestProblems } from '../common/http/api-problems.decorator.js';
import { CandidateAuthGuard, CurrentCandidate } from '../candidate-auth/candidate-auth.guard.js';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';
import { type CandidateFeedbackView, PendingFeedbackView, SentFeedbackView } from './candidate-feedback.view.js';
import { ReviewsService } from './reviews.service.js';

@ApiTags('candidate')
@ApiBearerAuth()
// A candidate token, never a role: 401 without one, never 403.
@ApiRequestProblems()
@ApiProblems(401)
@Public()
@UseGuards(CandidateAuthGuard)
@Controller('api/v1/candidate/feedback')
export class CandidateFeedbackController {
  constructor(private readonly reviews: ReviewsService) {}

  /** When to expect feedback, then the feedback itself. 409 before the attempt is submitted. */
  @Get()
  @ApiExtraModels(PendingFeedbackView, SentFeedbackView)
  @ApiOkResponse({
    description: 'Pending (`status: "pending"`) until the review completes, then the feedback (`status: "sent"`).',
    schema: {
      oneOf: [{ $ref: getSchemaPath(PendingFeedbackView) }, { $ref: getSchemaPath(SentFeedbackView) }],
      discriminator: {
        propertyName: 'status',
        mapping: { pending: getSchemaPath(PendingFeedbackView), sent: getSchemaPath(SentFeedbackView) },
      },
    },
  })
  @ApiProblems(404, 409)
  feedback(@CurrentCandidate() candidate: CandidateActor): Promise<CandidateFeedbackView> {
    return this.reviews.candidateFeedback(candidate.invitationId);
  }
}
