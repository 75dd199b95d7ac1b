import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type Repository } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { type IntegrationActor } from './integration-key.guard.js';
import { IntegrationRequestError } from './request-error.entity.js';
import { type IntegrationRequestErrorView } from './request-error.view.js';

/** How many reports admins see at most: the newest ones; older reports stay stored. */
export const REQUEST_ERRORS_SHOWN = 100;

/** One error report, in Candor's words: what is kept of it. */
export interface RequestErrorReport {
  apiCall: string | null;
  errors: string[];
  partnerTestId: string | null;
  partnerInterviewId: string | null;
  candidateEmail: string | null;
}

/** Error reports an ATS sends about its calls to Candor: kept for admins, and noted in the log. */
@Injectable()
export class RequestErrorsService {
  private readonly logger = new Logger(RequestErrorsService.name);

  constructor(
    @InjectRepository(IntegrationRequestError) private readonly reports: Repository<IntegrationRequestError>,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores the report. The log line names the call, interview and number of errors only: the errors' words may
   * quote a candidate, and the email is personal data.
   */
  async record(integration: IntegrationActor, report: RequestErrorReport): Promise<void> {
    await this.reports.insert({
      keyId: integration.keyId,
      provider: integration.provider,
      receivedAt: this.clock.now(),
      ...report,
    });
    const n = report.errors.length;
    this.logger.warn(
      `${integration.provider} reported a request error (key ${integration.keyId}, call ${loggable(report.apiCall)}, ` +
        `interview ${loggable(report.partnerInterviewId)}, ${n} error${n === 1 ? '' : 's'})`,
    );
  }

  /** The newest reports first, at most REQUEST_ERRORS_SHOWN. */
  async listRecent(): Promise<IntegrationRequestErrorView[]> {
    const rows = await this.reports.find({ order: { receivedAt: 'DESC', id: 'DESC' }, take: REQUEST_ERRORS_SHOWN });
    return rows.map((r) => ({
      id: r.id,
      provider: r.provider,
      keyId: r.keyId,
      receivedAt: r.receivedAt,
      apiCall: r.apiCall,
      errors: r.errors,
      partnerTestId: r.partnerTestId,
      partnerInterviewId: r.partnerInterviewId,
      candidateEmail: r.candidateEmail,
    }));
  }

  /**
   * For an erasure, in its transaction: the reports about this address (compared trimmed, any case) lose it, and
   * error words that quote it have it replaced. The rest of a report (the call, the ids) stays for admins.
   */
  async forgetEmail(manager: EntityManager, address: string): Promise<number> {
    const rows = await manager.query<{ id: string; errors: unknown[] }[]>(
      `SELECT id, errors FROM integration_request_errors
        WHERE lower(btrim(candidate_email)) = lower(btrim($1)) OR strpos(lower(errors::text), lower(btrim($1))) > 0
        ORDER BY id FOR UPDATE`,
      [address],
    );
    const quoted = new RegExp(address.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    for (const row of rows) {
      const errors = row.errors.map((e) => (typeof e === 'string' ? e.replace(quoted, '[erased]') : e));
      await manager.query(
        `UPDATE integration_request_errors
            SET errors = $2::jsonb,
                candidate_email = CASE WHEN lower(btrim(candidate_email)) = lower(btrim($3)) THEN NULL ELSE candidate_email END
          WHERE id = $1`,
        [row.id, JSON.stringify(errors), address],
      );
    }
    return rows.length;
  }
}

/**
 * The partner writes these fields as it likes: only an identifier-like value goes into the log, so free text
 * (which could quote a candidate's details) stays in the stored report that admins read.
 */
function loggable(value: string | null): string {
  if (value === null) return 'unknown';
  return /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : 'other';
}
