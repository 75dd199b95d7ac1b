import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CandidateAuthGuard, CurrentCandidate } from '../candidate-auth/candidate-auth.guard.js';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';
import { Public } from '../common/auth/staff-route.decorators.js';
import { ApiProblems, ApiRequestProblems } from '../common/http/api-problems.decorator.js';
import { CandidateRatingView } from './candidate-rating.view.js';
import { CandidateRatingsService } from './candidate-ratings.service.js';
import { CandidateRatingDto } from './dto/candidate-rating.dto.js';

@ApiTags('candidate')
@ApiBearerAuth()
// A candidate token, never a role: 401 without one, never 403.
@ApiRequestProblems()
@ApiProblems(401)
@Public()
@UseGuards(CandidateAuthGuard)
@Controller('api/v1/candidate/ratings')
export class CandidateRatingsController {
  constructor(private readonly ratings: CandidateRatingsService) {}

  /**
   * Rates a stage: after submitting (length, learning) or after feedback (feedbackUsefulness). Repeating it
   * returns the rating already stored. 409 before the stage opens.
   */
  @Post()
  @ApiCreatedResponse({ type: CandidateRatingView, description: 'The rating as stored (the first one, on a repeat).' })
  @ApiProblems(409)
  rate(@CurrentCandidate() candidate: CandidateActor, @Body() dto: CandidateRatingDto): Promise<CandidateRatingView> {
    return this.ratings.rate(candidate, dto);
  }
}
