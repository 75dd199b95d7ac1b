import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/staff-route.decorators.js';
import { CandidateAuthGuard, CurrentCandidate } from '../candidate-auth/candidate-auth.guard.js';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';
import { type CandidateFeedbackView, ReviewsService } from './reviews.service.js';

@ApiTags('candidate')
@ApiBearerAuth()
@Public()
@UseGuards(CandidateAuthGuard)
@Controller('api/v1/candidate/feedback')
export class CandidateFeedbackController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get()
  feedback(@CurrentCandidate() candidate: CandidateActor): Promise<CandidateFeedbackView> {
    return this.reviews.candidateFeedback(candidate.invitationId);
  }
}
