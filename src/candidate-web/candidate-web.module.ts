import { Module } from '@nestjs/common';
import { AttemptsModule } from '../attempts/attempts.module.js';
import { CandidateWebController } from './candidate-web.controller.js';
import { CandidateWebService } from './candidate-web.service.js';

@Module({
  imports: [AttemptsModule],
  controllers: [CandidateWebController],
  providers: [CandidateWebService],
})
export class CandidateWebModule {}
