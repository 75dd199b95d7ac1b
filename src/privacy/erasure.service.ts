import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AttemptsService } from '../attempts/attempts.service.js';
import { CandidateRatingsService } from '../attempts/candidate-ratings.service.js';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { type Actor, EventsService, staffActor, SYSTEM_ACTOR } from '../events/events.service.js';
import { RequestErrorsService } from '../integrations/request-errors.service.js';
import { type RetentionRow } from '../invitations/invitation-erasure.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { OutboxService } from '../mail/outbox.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';
import { type CreateErasureDto } from './dto/create-erasure.dto.js';
import { redactReason } from './erasure-reason.js';
import { erasureEmailHash, normaliseAddress } from './erasure-hash.js';
import { type ErasureView } from './erasure.view.js';
import { isPastRetention, RETAINED_STATUSES, retentionCutoff } from './retention.js';

/** Invitations the retention job reads at a time. */
const RETENTION_PAGE = 100;

interface Erasure {
  address: string;
  /** Only these invitations of the address (retention); null: every invitation of it (a request). */
  invitationIds: readonly string[] | null;
  kind: 'request' | 'retention';
  reason: string | null;
  actor: Actor;
}

/**
 * Erasure of a candidate's data, by request (an admin, by address) or by retention (a daily job, by invitation),
 * in one transaction per address under a lock on the address's hash. Each feature erases what it owns, through
 * its service: the invitation (name, email, tokens), the answers, the rating comments, the quotes of the answers
 * in feedback, the mail and the integration error reports. What stays is anonymous: the submission's times and
 * status, the feedback text and scores, the ratings' numbers, the events (ids and facts only), so metrics and the
 * reviewer's history do not change. The `privacy.erased` event of each invitation is recorded in the same
 * transaction, so a feature that keeps more (EventsService.subscribe) can erase its own part there too.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
    private readonly attempts: AttemptsService,
    private readonly ratings: CandidateRatingsService,
    private readonly reviews: ReviewsService,
    private readonly outbox: OutboxService,
    private readonly requestErrors: RequestErrorsService,
    private readonly events: EventsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** An admin erases every invitation of an address; a repeat finds none left and erases 0 (still recorded). */
  async eraseCandidate(actor: StaffActor, dto: CreateErasureDto): Promise<ErasureView> {
    const view = await this.erase({
      address: dto.candidateEmail,
      invitationIds: null,
      kind: 'request',
      reason: dto.reason,
      actor: staffActor(actor),
    });
    if (!view) throw new Error('an erasure by request is always recorded');
    return view;
  }

  /**
   * The retention job: erases each invitation past RETENTION_DAYS by the clock (src/privacy/retention.ts), a page
   * at a time, one transaction per address. A candidate's later invitations keep their data until their own time.
   * Returns how many invitations were erased.
   */
  async eraseExpired(): Promise<number> {
    const now = this.clock.now();
    const days = this.config.privacy.retentionDays;
    let erased = 0;
    for (let afterId: string | null = null; ;) {
      const page = await this.invitations.endedBefore(
        RETAINED_STATUSES,
        retentionCutoff(now, days),
        afterId,
        RETENTION_PAGE,
      );
      const due = page.filter((row) => isPastRetention(row, now, days));
      for (const [address, ids] of byAddress(due)) {
        const view = await this.erase({
          address,
          invitationIds: ids,
          kind: 'retention',
          reason: null,
          actor: SYSTEM_ACTOR,
        });
        erased += view?.invitations ?? 0;
      }
      if (page.length < RETENTION_PAGE) break;
      afterId = page[page.length - 1].id;
    }
    if (erased > 0) this.logger.log(`retention: erased the candidate data of ${erased} invitations`);
    return erased;
  }

  /** One erasure, in one transaction; null when a retention erasure found its invitations erased already. */
  private async erase(erasure: Erasure): Promise<ErasureView | null> {
    const now = this.clock.now();
    const address = normaliseAddress(erasure.address);
    const hash = erasureEmailHash(this.config.auth.jwtSecret, address);
    return this.dataSource.transaction(async (m) => {
      // Two erasures of one address (a request and the retention job) take turns.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('privacy.erase'), hashtext($1))`, [hash]);
      const ids = erasure.invitationIds ?? (await this.invitations.idsOfCandidate(m, address));
      const erased = await this.invitations.eraseCandidate(m, ids, erasure.actor, now);
      if (erased.length === 0 && erasure.kind === 'retention') return null;
      const erasedIds = erased.map((e) => e.id);
      await this.attempts.eraseAnswers(m, erasedIds);
      await this.ratings.eraseComments(m, erasedIds);
      await this.reviews.eraseQuotes(m, erasedIds);
      // By request, every mail to the address; by retention, the mail about the invitations erased.
      await this.outbox.eraseTo(m, address, erasure.invitationIds === null ? null : erasedIds);
      // The error reports an ATS sent about the address go with its last invitation.
      if (erasure.invitationIds === null || (await this.invitations.idsOfCandidate(m, address)).length === 0)
        await this.requestErrors.forgetEmail(m, address);
      const reason =
        erasure.reason === null
          ? null
          : redactReason(
              erasure.reason,
              address,
              erased.map((e) => e.candidateName),
            );
      const id = await this.record(m, { ...erasure, hash, reason, count: erased.length, now });
      for (const invitationId of erasedIds) {
        await this.events.record(m, {
          aggregateType: 'invitation',
          aggregateId: invitationId,
          invitationId,
          type: 'privacy.erased',
          actor: erasure.actor,
          occurredAt: now,
          data: { erasureId: id, kind: erasure.kind, emailHash: hash, invitations: erased.length },
        });
      }
      return { id, invitations: erased.length };
    });
  }

  private async record(
    m: EntityManager,
    e: Erasure & { hash: string; reason: string | null; count: number; now: Date },
  ): Promise<string> {
    const [row] = await m.query<{ id: string }[]>(
      `INSERT INTO privacy_erasures (kind, email_hash, reason, invitations, erased_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [e.kind, e.hash, e.reason, e.count, e.actor.type === 'staff' ? e.actor.id : null, e.now],
    );
    return row.id;
  }
}

/** The rows' invitation ids grouped by their normalised address. */
function byAddress(rows: readonly RetentionRow[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const address = normaliseAddress(row.candidateEmail);
    groups.set(address, [...(groups.get(address) ?? []), row.id]);
  }
  return groups;
}
