import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems, ApiProblems } from '../common/http/api-problems.decorator.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { FeedbackDto } from './dto/feedback.dto.js';
import { ReviewClaimsService } from './review-claims.service.js';
import { CompletedReview, DraftSaved, QueueStatus, ReleasedReview, ReviewView } from './review.view.js';
import { ReviewsService } from './reviews.service.js';

@ApiTags('reviews')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Roles('reviewer')
@Controller('api/v1/reviews')
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly claims: ReviewClaimsService,
  ) {}

  /**
   * Claims the most urgent unclaimed submission (earliest feedbackDueAt). 409 when the caller already holds the
   * most claims a reviewer may.
   */
  @Post('claim')
  @HttpCode(200)
  @ApiOkResponse({ type: ReviewView, description: 'The claimed submission, blind.' })
  @ApiNoContentResponse({ description: 'The queue is empty.' })
  @ApiProblems(409)
  async claim(
    @CurrentStaff() actor: StaffActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReviewView | undefined> {
    const review = await this.claims.claim(actor);
    if (!review) void reply.status(204);
    return review ?? undefined;
  }

  /** Queue depth and the nearest feedback deadline, for the review page. */
  @Get('queue')
  @ApiOkResponse({ type: QueueStatus })
  queue(@CurrentStaff() actor: StaffActor): Promise<QueueStatus> {
    return this.reviews.queue(actor);
  }

  /** The caller's active claims. */
  @Get('mine')
  @ApiOkResponse({ type: [ReviewView] })
  mine(@CurrentStaff() actor: StaffActor): Promise<ReviewView[]> {
    return this.reviews.mine(actor);
  }

  /** A review, to its claimer while active or once completed (and to admins). */
  @Get(':id')
  @ApiOkResponse({ type: ReviewView })
  @ApiProblems(404)
  get(@CurrentStaff() actor: StaffActor, @Param() { id }: IdParamDto): Promise<ReviewView> {
    return this.reviews.get(actor, id);
  }

  /** Saves without completing, renews the lease and answers which feedback rules are still unmet. */
  @Put(':id/draft')
  @ApiOkResponse({ type: DraftSaved })
  @ApiProblems(404, 409)
  saveDraft(
    @CurrentStaff() actor: StaffActor,
    @Param() { id }: IdParamDto,
    @Body() dto: FeedbackDto,
  ): Promise<DraftSaved> {
    return this.reviews.saveDraft(actor, id, dto);
  }

  /** Gives the submission back to the queue. 409 when the claim is no longer active. */
  @Post(':id/release')
  @HttpCode(200)
  @ApiOkResponse({ type: ReleasedReview })
  @ApiProblems(404, 409)
  release(@CurrentStaff() actor: StaffActor, @Param() { id }: IdParamDto): Promise<ReleasedReview> {
    return this.claims.release(actor, id);
  }

  /**
   * Completes the review and sends the feedback to the candidate. 422 names each field whose feedback is
   * missing or not useful; 409 when the claim is no longer active.
   */
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: CompletedReview })
  @ApiProblems(404, 409, 422)
  complete(
    @CurrentStaff() actor: StaffActor,
    @Param() { id }: IdParamDto,
    @Body() dto: FeedbackDto,
  ): Promise<CompletedReview> {
    return this.reviews.complete(actor, id, dto);
  }
}
