import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CandidateAuthGuard, CurrentCandidate } from '../candidate-auth/candidate-auth.guard.js';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';
import { Public } from '../common/auth/staff-route.decorators.js';
import { type CandidateRatingView } from './candidate-rating.js';
import { CandidateRatingsService } from './candidate-ratings.service.js';
import { CandidateRatingDto } from './dto/candidate-rating.dto.js';

@ApiTags('candidate')
@ApiBearerAuth()
@Public()
@UseGuards(CandidateAuthGuard)
@Controller('api/v1/candidate/ratings')
export class CandidateRatingsController {
  constructor(private readonly ratings: CandidateRatingsService) {}

  @Post()
  rate(@CurrentCandidate() candidate: CandidateActor, @Body() dto: CandidateRatingDto): Promise<CandidateRatingView> {
    return this.ratings.rate(candidate, dto);
  }
}
