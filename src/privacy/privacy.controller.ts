import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffActor } from '../common/auth/staff-route.decorators.js';
import { ApiAuthenticatedProblems } from '../common/http/api-problems.decorator.js';
import { CreateErasureDto } from './dto/create-erasure.dto.js';
import { ErasureView } from './erasure.view.js';
import { ErasureService } from './erasure.service.js';

@ApiTags('privacy')
@ApiBearerAuth()
@ApiAuthenticatedProblems()
@Roles('admin')
@Controller('api/v1/privacy')
export class PrivacyController {
  constructor(private readonly erasures: ErasureService) {}

  /**
   * Erases every invitation of the address, in one transaction: the candidate's name, email, answers and links go;
   * the submission stays as an anonymous row (metrics and the reviewer's history do not change); mail waiting for
   * the address is cancelled. Recorded with a hash of the address, never the address. A repeat erases 0.
   */
  @Post('erasures')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ErasureView })
  erase(@CurrentStaff() actor: StaffActor, @Body() dto: CreateErasureDto): Promise<ErasureView> {
    return this.erasures.eraseCandidate(actor, dto);
  }
}
