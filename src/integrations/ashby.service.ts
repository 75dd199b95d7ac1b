import { Injectable } from '@nestjs/common';
import { type AshbyAssessmentResult, type AshbyList } from './ashby.view.js';
import { type AshbyStartDto } from './dto/ashby.dto.js';
import { type IntegrationActor } from './integration-key.guard.js';
import { IntegrationsService } from './integrations.service.js';

@Injectable()
export class AshbyService {
  constructor(private readonly integrations: IntegrationsService) {}

  async list(): Promise<AshbyList> {
    const tests = await this.integrations.listPublished();
    return {
      success: true,
      results: tests.map((t) => ({
        assessment_type_id: t.id,
        name: t.title,
        description: `Take-home assessment for the ${t.roleTitle} role`,
      })),
    };
  }

  async start(actor: IntegrationActor, dto: AshbyStartDto): Promise<AshbyAssessmentResult> {
    const invitation = await this.integrations.sendTest(actor, {
      assessmentId: dto.assessment_type_id,
      firstName: dto.candidate.first_name,
      lastName: dto.candidate.last_name,
      email: dto.candidate.email,
      // One live assessment per Ashby application and test: a repeated start is a 409, as Ashby expects.
      externalId: dto.application.ashby_id,
      profileUrl: dto.candidate.ashby_profile_url,
      callbackUrl: null,
    });
    return { success: true, results: { assessment_id: invitation.id } };
  }

  async cancel(actor: IntegrationActor, assessmentId: string): Promise<AshbyAssessmentResult> {
    const invitation = await this.integrations.cancel(actor, assessmentId);
    return { success: true, results: { assessment_id: invitation.id } };
  }
}
