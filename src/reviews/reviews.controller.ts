import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { IdParamDto } from '../common/http/id-param.dto.js';
import { FeedbackDto } from './dto/feedback.dto.js';
import { ReviewClaimsService } from './review-claims.service.js';
import { type DraftSaved, type QueueStatus, ReviewsService, type ReviewView } from './reviews.service.js';

@ApiTags('reviews')
@ApiBearerAuth()
@Roles('reviewer')
@Controller('api/v1/reviews')
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly claims: ReviewClaimsService,
  ) {}

  @Post('claim')
  @HttpCode(200)
  @ApiNoContentResponse({ description: 'The queue is empty.' })
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
  queue(@CurrentStaff() actor: StaffActor): Promise<QueueStatus> {
    return this.reviews.queue(actor);
  }

  @Get('mine')
  mine(@CurrentStaff() actor: StaffActor): Promise<ReviewView[]> {
    return this.reviews.mine(actor);
  }

  @Get(':id')
  get(@CurrentStaff() actor: StaffActor, @Param() { id }: IdParamDto): Promise<ReviewView> {
    return this.reviews.get(actor, id);
  }

  /** Saves without completing, renews the lease and answers which feedback rules are still unmet. */
  @Put(':id/draft')
  saveDraft(
    @CurrentStaff() actor: StaffActor,
    @Param() { id }: IdParamDto,
    @Body() dto: FeedbackDto,
  ): Promise<DraftSaved> {
    return this.reviews.saveDraft(actor, id, dto);
  }

  @Post(':id/release')
  @HttpCode(200)
  release(@CurrentStaff() actor: StaffActor, @Param() { id }: IdParamDto): Promise<{ id: string; status: string }> {
    return this.claims.release(actor, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(
    @CurrentStaff() actor: StaffActor,
    @Param() { id }: IdParamDto,
    @Body() dto: FeedbackDto,
  ): Promise<{ status: 'completed'; feedbackSentAt: Date }> {
    return this.reviews.complete(actor, id, dto);
  }
}
