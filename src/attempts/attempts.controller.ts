import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/staff-route.decorators.js';
import { ApiProblems, ApiRequestProblems } from '../common/http/api-problems.decorator.js';
import { AnswersView, AttemptView, SavedAnswerView, StartedAttemptView, SubmissionView } from './attempt.view.js';
import { AttemptsService } from './attempts.service.js';
import { CandidateAuthGuard, CurrentCandidate } from '../candidate-auth/candidate-auth.guard.js';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';
import { QuestionKeyParamDto, SaveAnswerDto } from './dto/save-answer.dto.js';

// Candidate routes answer 401 without a valid candidate token; no role is checked, so never 403. 404: the
// invitation behind the token is gone.
@ApiTags('candidate')
@ApiBearerAuth()
@ApiRequestProblems()
@ApiProblems(401, 404)
@Public()
@UseGuards(CandidateAuthGuard)
@Controller('api/v1/candidate/attempt')
export class AttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  /** The attempt: readings, times, and the questions once started. */
  @Get()
  @ApiOkResponse({ type: AttemptView })
  view(@CurrentCandidate() candidate: CandidateActor): Promise<AttemptView> {
    return this.attempts.view(candidate);
  }

  /** Starts the server's clock; repeating it returns the attempt as it is. 409 once expired or withdrawn. */
  @Post('start')
  @HttpCode(200)
  @ApiOkResponse({ type: StartedAttemptView })
  @ApiProblems(409)
  start(@CurrentCandidate() candidate: CandidateActor): Promise<StartedAttemptView> {
    return this.attempts.start(candidate);
  }

  /**
   * Saves one answer while the attempt is open. 404 for a question the assessment does not have; 409 when the
   * attempt is not started, or (`type` ending in `/deadline-passed`) after deadline + grace.
   */
  @Put('answers/:questionKey')
  @ApiOkResponse({ type: SavedAnswerView })
  @ApiProblems(409)
  save(
    @CurrentCandidate() candidate: CandidateActor,
    @Param() params: QuestionKeyParamDto,
    @Body() dto: SaveAnswerDto,
  ): Promise<SavedAnswerView> {
    return this.attempts.saveAnswer(candidate, params.questionKey, dto.value);
  }

  /** The answers saved so far. */
  @Get('answers')
  @ApiOkResponse({ type: AnswersView })
  answers(@CurrentCandidate() candidate: CandidateActor): Promise<AnswersView> {
    return this.attempts.listAnswers(candidate);
  }

  /**
   * Submits the attempt; repeating it returns the stored submission. Past deadline + grace the deadline
   * submission is applied. 409 when the attempt was never started or is withdrawn.
   */
  @Post('submit')
  @HttpCode(200)
  @ApiOkResponse({ type: SubmissionView })
  @ApiProblems(409)
  submit(@CurrentCandidate() candidate: CandidateActor): Promise<SubmissionView> {
    return this.attempts.submit(candidate);
  }
}
