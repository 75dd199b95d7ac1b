import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/staff-route.decorators.js';
import { type AnswerMap, type AttemptView, type SavedAnswer, type SubmissionView } from './attempt.view.js';
import { AttemptsService } from './attempts.service.js';
import { CandidateAuthGuard, CurrentCandidate } from '../candidate-auth/candidate-auth.guard.js';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';
import { QuestionKeyParamDto, SaveAnswerDto } from './dto/save-answer.dto.js';

@ApiTags('candidate')
@ApiBearerAuth()
@Public()
@UseGuards(CandidateAuthGuard)
@Controller('api/v1/candidate/attempt')
export class AttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  @Get()
  view(@CurrentCandidate() candidate: CandidateActor): Promise<AttemptView> {
    return this.attempts.view(candidate);
  }

  @Post('start')
  @HttpCode(200)
  start(@CurrentCandidate() candidate: CandidateActor): Promise<AttemptView & { answers: AnswerMap }> {
    return this.attempts.start(candidate);
  }

  @Put('answers/:questionKey')
  save(
    @CurrentCandidate() candidate: CandidateActor,
    @Param() params: QuestionKeyParamDto,
    @Body() dto: SaveAnswerDto,
  ): Promise<SavedAnswer & { questionKey: string }> {
    return this.attempts.saveAnswer(candidate, params.questionKey, dto.value);
  }

  @Get('answers')
  answers(@CurrentCandidate() candidate: CandidateActor): Promise<{ answers: AnswerMap }> {
    return this.attempts.listAnswers(candidate);
  }

  @Post('submit')
  @HttpCode(200)
  submit(@CurrentCandidate() candidate: CandidateActor): Promise<SubmissionView> {
    return this.attempts.submit(candidate);
  }
}
