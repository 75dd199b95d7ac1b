import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Not, type Repository } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { guardedUpdate } from '../common/database/guarded-update.js';
import { type Transition } from '../common/database/transition.js';
import { AppConfig } from '../config/app-config.js';
import { type EventData } from '../events/event.entity.js';
import { type Actor, EventsService, staffActor, SYSTEM_ACTOR } from '../events/events.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { type MailContact } from '../mail/candidate-mail-layout.js';
import {
  type CandidateMailContext,
  expiryMail,
  invitationMail as renderInvitationMail,
  receiptMail,
  resentDuringAttemptMail,
  withdrawalMail,
} from '../mail/candidate-mails.js';
import { type OutgoingMail, OutboxService } from '../mail/outbox.service.js';
import { UsersService } from '../users/users.service.js';
import { type AssessmentVersion } from '../assessments/assessment.entity.js';
import { type CreateInvitationDto } from './dto/create-invitation.dto.js';
import { type ExtendInvitationDto } from './dto/extend-invitation.dto.js';
import { type ListInvitationsQueryDto, MAX_LIST_LIMIT } from './dto/list-invitations-query.dto.js';
import { type BulkRow, emailKey } from './bulk-rows.js';
import { invitationFlags } from './invitation-flags.js';
import { RequestValidationError } from '../common/errors/domain-error.js';
import { type FieldError } from '../common/errors/problem-details.dto.js';
import { Extension } from './extension.entity.js';
import { autoSubmitJob, isPastCutoff, PAST_CUTOFF_SQL } from './attempt-deadline.js';
import { hashCandidateToken, newCandidateToken } from './invitation-token.js';
import {
  ERASED_CANDIDATE_NAME,
  erasedCandidateEmail,
  type ErasedInvitation,
  type RetentionRow,
} from './invitation-erasure.js';
import { Invitation, type InvitationSource, type InvitationStatus } from './invitation.entity.js';
import { DeadlinePassedError, InvitationNotFoundError, InvitationStateError } from './invitation.errors.js';
import {
  type BulkCreatedInvitationsView,
  type CreatedInvitationView,
  type InvitationDetailView,
  type InvitationListItemView,
  type InvitationView,
  type ResentInvitationView,
  toInvitationView,
} from './invitation.view.js';
import { DAY_MS } from '../common/clock/durations.js';

const SWEEP_BATCH = 100;

/** Everything needed to invite a candidate, whoever asks (a recruiter or an integration). */
export interface NewInvitation {
  assessmentId: string;
  candidateName: string;
  candidateEmail: string;
  extraMinutes?: number;
  source: InvitationSource;
  externalRef?: string | null;
  invitedBy: string | null;
  actor: Actor;
}

/** Work a caller needs done in the invitation's own transaction (it may throw to roll the invitation back). */
export type WithinInvitationTransaction = (manager: EntityManager, invitationId: string) => Promise<void>;

/** A moment of the feedback window: `fraction` of the way from submission to feedback due, plus `afterHours`. */
export interface FeedbackWindowMoment {
  fraction: number;
  afterHours: number;
}

/** Submissions waiting to be claimed. */
export interface SubmissionQueue {
  depth: number;
  nearestFeedbackDueAt: Date | null;
}

/** The review work ahead: submissions waiting for feedback, and attempts still being written (they will join). */
export interface ReviewWorkload {
  pending: {
    id: string;
    assessmentVersionId: string;
    status: 'submitted' | 'in_review';
    submittedAt: Date;
    feedbackDueAt: Date;
  }[];
  writing: { id: string; assessmentVersionId: string; deadline: Date; feedbackDueHours: number }[];
  /** The first submission ever: how long the team has had a queue (the pace window is no longer than that). */
  firstSubmittedAt: Date | null;
}

/** One page of the recruiters' list, and how many invitations match in all. */
export interface InvitationPage {
  rows: InvitationListItemView[];
  total: number;
}

/** Invitations a candidate may still use: a bulk upload may not invite the same email again while one is. */
const OPEN_STATUSES: readonly InvitationStatus[] = ['invited', 'started'];

/** Rows of one INSERT: 19 parameters each stays far below PostgreSQL's 65 535 per statement. */
const INSERT_CHUNK = 500;

/** `%`, `_` and `\` match themselves in a search (ILIKE would read them as wildcards). */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Ended without a submission: no longer counts as a live assessment of an application. */
const NOT_LIVE: readonly InvitationStatus[] = ['expired', 'withdrawn'];

/**
 * Submissions waiting for feedback (submitted or in review) whose moment ($1 fraction of the window plus $2
 * hours) is at or before $3, in (feedback_due_at, id) order after the invitation $4 (from the start when null),
 * $5 at most. Keyset paging from the stored row, so the cursor is exact whatever the timestamp's precision.
 */
const AWAITING_FEEDBACK_SQL = `
  SELECT i.id FROM invitations i
   WHERE i.status IN ('submitted', 'in_review')
     AND i.submitted_at + (i.feedback_due_at - i.submitted_at) * $1::float8 + make_interval(hours => $2) <= $3
     AND ($4::uuid IS NULL
          OR (i.feedback_due_at, i.id) > (SELECT c.feedback_due_at, c.id FROM invitations c WHERE c.id = $4))
   ORDER BY i.feedback_due_at, i.id
   LIMIT $5`;

/** Submissions waiting for feedback and started attempts, for the capacity forecast. */
const REVIEW_WORKLOAD_SQL = `
  SELECT i.id, i.assessment_version_id AS "assessmentVersionId", i.status, i.submitted_at AS "submittedAt", i.feedback_due_at AS "feedbackDueAt",
         i.deadline, i.feedback_due_hours AS "feedbackDueHours"
    FROM invitations i
   WHERE i.status IN ('submitted', 'in_review', 'started')`;

@Injectable()
export class InvitationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Invitation) private readonly invitations: Repository<Invitation>,
    @InjectRepository(Extension) private readonly extensions: Repository<Extension>,
    private readonly assessments: AssessmentsService,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.jobs.registerSweep('invitations.expire', async (now) => {
      await this.expireOverdue(now);
    });
  }

  invite(actor: StaffActor, assessmentId: string, dto: CreateInvitationDto): Promise<CreatedInvitationView> {
    return this.create({ ...dto, assessmentId, source: 'staff', invitedBy: actor.id, actor: staffActor(actor) });
  }

  /**
   * Issues an invitation against the latest published version and stores its email in the outbox, all in
   * one transaction, with `within` if given. The token is returned here only; the database keeps its hash.
   */
  async create(input: NewInvitation, within?: WithinInvitationTransaction): Promise<CreatedInvitationView> {
    const now = this.clock.now();
    const { token, link, tokenHash } = this.newCandidateLink();
    const contact = await this.contactFor(input.invitedBy);
    const { invitation, mailId } = await this.dataSource.transaction(async (manager) => {
      const { version, startWindowDays } = await this.assessments.findLatestPublished(manager, input.assessmentId);
      const startBy = new Date(now.getTime() + startWindowDays * DAY_MS);
      const inserted = await manager.save(newInvitationRow(manager, version, input, tokenHash, startBy, now));
      await this.recordEvent(manager, inserted.id, 'invitation.created', input.actor, now, {
        assessmentVersionId: version.id,
        version: version.version,
        source: input.source,
        extraMinutes: inserted.extraMinutes,
      });
      await within?.(manager, inserted.id);
      const id = await this.outbox.enqueue(manager, this.invitationMail(inserted, version, link, contact));
      return { invitation: inserted, mailId: id };
    });
    await this.outbox.deliverSoon([mailId]);
    return { ...toInvitationView(invitation), link, token };
  }

  /** Newest first; `q` matches part of the candidate's name or email, any case. */
  async list(query: ListInvitationsQueryDto): Promise<InvitationListItemView[]> {
    return (await this.page(query, false)).rows;
  }

  /** One page of the list (and, when `count`, how many match in all), with titles and feedback flags. */
  async page(query: ListInvitationsQueryDto, count = true): Promise<InvitationPage> {
    const qb = this.invitations.createQueryBuilder('i');
    if (query.assessmentId) qb.andWhere('i.assessment_id = :assessmentId', { assessmentId: query.assessmentId });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    if (query.q) {
      qb.andWhere('(i.candidate_name ILIKE :pattern OR i.candidate_email ILIKE :pattern)', {
        pattern: likePattern(query.q),
      });
    }
    qb.orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .offset(query.offset ?? 0)
      .limit(query.limit ?? MAX_LIST_LIMIT);
    const [rows, total] = count ? await qb.getManyAndCount() : [await qb.getMany(), 0];
    return { rows: await this.listItems(rows), total: count ? total : rows.length };
  }

  /** One invitation as the list shows it. */
  async listItem(id: string): Promise<InvitationListItemView> {
    const invitation = await this.invitations.findOneBy({ id });
    if (!invitation) throw new InvitationNotFoundError();
    return (await this.listItems([invitation]))[0];
  }

  private async listItems(rows: Invitation[]): Promise<InvitationListItemView[]> {
    const now = this.clock.now();
    const titles = new Map<string, string>();
    // Few distinct versions per page, and published versions are cached by the assessments service.
    for (const versionId of new Set(rows.map((r) => r.assessmentVersionId))) {
      titles.set(versionId, (await this.assessments.findVersion(versionId)).title);
    }
    return rows.map((r) => ({
      ...toInvitationView(r),
      assessmentTitle: titles.get(r.assessmentVersionId) ?? '',
      ...invitationFlags(r, now),
    }));
  }

  /**
   * Invites every row or none, in one transaction: 404/409 when the assessment has no published version (checked
   * first); then each row whose email already has an open invitation (invited or started) to this assessment is
   * a `rows[<n>].candidateEmail` error, added to `rowErrors` (the rows' own problems), and any error refuses the
   * whole upload. The invitations go in as one INSERT, each with its event and its email in the outbox.
   */
  async inviteMany(
    actor: StaffActor,
    assessmentId: string,
    rows: readonly BulkRow[],
    rowErrors: readonly FieldError[],
  ): Promise<BulkCreatedInvitationsView> {
    const now = this.clock.now();
    const issued = rows.map((r) => ({ ...r, id: randomUUID(), ...this.newCandidateLink() }));
    const contact = await this.contactFor(actor.id);
    const { created, mailIds } = await this.dataSource.transaction(async (manager) => {
      // Two uploads to one assessment at once would each miss the other's emails: they take turns.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('invitations.bulk'), hashtext($1))`, [assessmentId]);
      const { version, startWindowDays } = await this.assessments.findLatestPublished(manager, assessmentId);
      const errors = [...rowErrors, ...(await this.openInvitationErrors(manager, assessmentId, rows))];
      if (errors.length > 0) throw new RequestValidationError(sortByRow(errors));
      const startBy = new Date(now.getTime() + startWindowDays * DAY_MS);
      const entities = issued.map(({ id, tokenHash, invitation }) => {
        const input = { ...invitation, assessmentId, invitedBy: actor.id, source: 'staff' as const };
        return Object.assign(newInvitationRow(manager, version, input, tokenHash, startBy, now), { id });
      });
      for (let i = 0; i < entities.length; i += INSERT_CHUNK) {
        await manager.insert(Invitation, entities.slice(i, i + INSERT_CHUNK));
      }
      const ids: (string | null)[] = [];
      for (const [i, inserted] of entities.entries()) {
        await this.recordEvent(manager, inserted.id, 'invitation.created', staffActor(actor), now, {
          assessmentVersionId: version.id,
          version: version.version,
          source: 'staff',
          extraMinutes: inserted.extraMinutes,
          bulk: true,
        });
        ids.push(await this.outbox.enqueue(manager, this.invitationMail(inserted, version, issued[i].link, contact)));
      }
      return { created: entities, mailIds: ids };
    });
    await this.outbox.deliverSoon(mailIds);
    return {
      invitations: created.map((invitation, i) => ({
        row: issued[i].row,
        id: invitation.id,
        candidateName: invitation.candidateName,
        candidateEmail: invitation.candidateEmail,
        startBy: invitation.startBy,
        link: issued[i].link,
        token: issued[i].token,
      })),
    };
  }

  /** One query: the rows whose email already has an open invitation to the assessment. */
  private async openInvitationErrors(
    manager: EntityManager,
    assessmentId: string,
    rows: readonly BulkRow[],
  ): Promise<FieldError[]> {
    if (rows.length === 0) return [];
    const found = await manager.query<{ email: string; status: InvitationStatus }[]>(
      `SELECT DISTINCT ON (lower(btrim(candidate_email))) lower(btrim(candidate_email)) AS email, status
         FROM invitations
        WHERE assessment_id = $1 AND status = ANY($2::text[]) AND lower(btrim(candidate_email)) = ANY($3::text[])`,
      [assessmentId, OPEN_STATUSES, rows.map((r) => emailKey(r.invitation.candidateEmail))],
    );
    const open = new Map(found.map((f) => [f.email, f.status]));
    return rows.flatMap((r) => {
      const status = open.get(emailKey(r.invitation.candidateEmail));
      if (!status) return [];
      const state = status === 'started' ? 'has started' : 'has not started yet';
      return [
        {
          field: `rows[${r.row}].candidateEmail`,
          message: `already has an open invitation to this assessment (the candidate ${state}); withdraw it first to invite them again`,
        },
      ];
    });
  }

  /**
   * Sends the invitation email again with a new link: tokens are stored only hashed, so the old one cannot be
   * sent; it stops working. One guarded UPDATE (while invited or started), its event and the email, together.
   */
  async resend(actor: StaffActor, id: string): Promise<ResentInvitationView> {
    const now = this.clock.now();
    const { token, link, tokenHash } = this.newCandidateLink();
    const { updated, mailId } = await this.dataSource.transaction(async (manager) => {
      const invitation = await manager.findOneBy(Invitation, { id });
      if (!invitation) throw new InvitationNotFoundError();
      const result = await this.apply(manager, invitation, invitation.resend(now, tokenHash), staffActor(actor), now);
      const version = await this.assessments.findVersion(result.assessmentVersionId, manager);
      const contact = await this.contactFor(result.invitedBy, manager);
      const ctx = this.mailContext(result, contact);
      const mail = await this.outbox.enqueue(manager, {
        // A new key per link: each resend is its own email.
        dedupeKey: `invitation:${id}:resent:${tokenHash.slice(0, 32)}`,
        to: result.candidateEmail,
        replyTo: contact?.email ?? null,
        ...(result.status === 'started' && result.deadline
          ? resentDuringAttemptMail(ctx, { assessment: version, deadline: result.deadline, link })
          : renderInvitationMail(ctx, {
              assessment: { title: version.title, roleTitle: version.roleTitle, readingTitles: readingTitles(version) },
              minutes: result.totalMinutes,
              startBy: result.startBy,
              feedbackDueHours: result.feedbackDueHours,
              link,
              newLink: true,
            })),
      });
      return { updated: result, mailId: mail };
    });
    await this.outbox.deliverSoon([mailId]);
    return { id: updated.id, status: updated.status, startBy: updated.startBy, link, token };
  }

  async get(id: string): Promise<InvitationDetailView> {
    const invitation = await this.invitations.findOneBy({ id });
    if (!invitation) throw new InvitationNotFoundError();
    const extensions = await this.extensions.find({ where: { invitationId: id }, order: { createdAt: 'ASC' } });
    return {
      ...toInvitationView(invitation),
      extensions: extensions.map((e) => ({
        minutes: e.minutes,
        reason: e.reason,
        grantedBy: e.grantedBy,
        createdAt: e.createdAt,
      })),
    };
  }

  /** Before start it adds to the time the candidate will get; during the attempt it moves the deadline and its job. */
  async extend(actor: StaffActor, id: string, dto: ExtendInvitationDto): Promise<InvitationDetailView> {
    const now = this.clock.now();
    const updated = await this.dataSource.transaction(async (manager) => {
      const invitation = await this.lock(manager, id);
      // Past deadline + grace the attempt is over, even if the auto-submit has not been processed yet.
      if (
        invitation.status === 'started' &&
        invitation.deadline &&
        isPastCutoff(invitation.deadline, this.config.attempts.graceSeconds, now)
      ) {
        throw new DeadlinePassedError(invitation.deadline);
      }
      const t = invitation.extend(dto.minutes, now);
      const result = await this.apply(manager, invitation, t, staffActor(actor), now, { minutes: dto.minutes });
      await manager.insert(Extension, {
        invitationId: id,
        minutes: dto.minutes,
        reason: dto.reason.trim(),
        grantedBy: actor.id,
        createdAt: now,
      });
      return result;
    });
    if (updated.status === 'started') await this.scheduleAutoSubmit(updated);
    return this.get(id);
  }

  withdraw(actor: StaffActor, id: string): Promise<InvitationView> {
    return this.withdrawAs(staffActor(actor), id);
  }

  /** Also used by ATS integrations (Ashby's assessment.cancel), whose actor is not a staff member. */
  async withdrawAs(actor: Actor, id: string): Promise<InvitationView> {
    const now = this.clock.now();
    const { updated, mailId } = await this.dataSource.transaction(async (manager) => {
      const invitation = await this.lock(manager, id);
      const result = await this.apply(manager, invitation, invitation.withdraw(now), actor, now);
      const version = await this.assessments.findVersion(result.assessmentVersionId, manager);
      const contact = await this.contactFor(result.invitedBy, manager);
      // An invitation is withdrawn once (the transition refuses a second time): one notice, whatever retries.
      const mail = await this.outbox.enqueue(manager, {
        dedupeKey: `invitation:${id}:withdrawn`,
        to: result.candidateEmail,
        replyTo: contact?.email ?? null,
        ...withdrawalMail(this.mailContext(result, contact), { assessment: version }),
      });
      return { updated: result, mailId: mail };
    });
    await this.outbox.deliverSoon([mailId]);
    return toInvitationView(updated);
  }

  /** The invitation a candidate token opens, as little of it as a request needs (one index lookup, no entity). */
  async findActorByToken(token: string): Promise<{ id: string; assessmentVersionId: string } | null> {
    const rows = await this.dataSource.query<{ id: string; assessmentVersionId: string }[]>(
      `SELECT id, assessment_version_id AS "assessmentVersionId" FROM invitations WHERE token_hash = $1
       UNION ALL
       SELECT id, assessment_version_id FROM invitations WHERE feedback_token_hash = $1
       LIMIT 1`,
      [hashCandidateToken(token)],
    );
    return rows[0] ?? null;
  }

  /** The invitation a candidate token belongs to (the invitation's link or the one sent with the feedback), or null. */
  findByToken(token: string): Promise<Invitation | null> {
    const tokenHash = hashCandidateToken(token);
    return this.invitations.findOne({ where: [{ tokenHash }, { feedbackTokenHash: tokenHash }] });
  }

  /**
   * A new link to the candidate's page: the token and link to hand out once, and the hash to store (the token
   * itself is never kept).
   */
  newCandidateLink(): { token: string; link: string; tokenHash: string } {
    const token = newCandidateToken();
    return { token, link: `${this.config.http.publicBaseUrl}/t/${token}`, tokenHash: hashCandidateToken(token) };
  }

  findById(id: string): Promise<Invitation | null> {
    return this.invitations.findOneBy({ id });
  }

  /** Loads the invitation with a row lock held until the caller's transaction ends. */
  async lock(manager: EntityManager, id: string): Promise<Invitation> {
    const invitation = await manager.findOne(Invitation, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!invitation) throw new InvitationNotFoundError();
    return invitation;
  }

  /** The most urgent unclaimed submission, locked; rows another claim holds are skipped, never waited for. */
  lockQueueHead(manager: EntityManager): Promise<Invitation | null> {
    return (
      manager
        .createQueryBuilder(Invitation, 'i')
        .where(`i.status = 'submitted'`)
        // REVIEW_QUEUE_ORDER: the earliest feedback due (default), or the earliest submitted (the fifo baseline).
        .orderBy(this.config.reviews.queueOrder === 'fifo' ? 'i.submittedAt' : 'i.feedbackDueAt', 'ASC')
        .addOrderBy('i.id', 'ASC')
        .limit(1)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne()
    );
  }

  async queueStatus(): Promise<SubmissionQueue> {
    const [row] = await this.dataSource.query<{ depth: number; nearest: Date | null }[]>(
      `SELECT count(*)::int AS depth, min(feedback_due_at) AS nearest FROM invitations WHERE status = 'submitted'`,
    );
    return { depth: row.depth, nearestFeedbackDueAt: row.nearest };
  }

  /**
   * One page of the ids of submissions waiting for feedback whose `moment` has passed by `now`, most urgent
   * first; pass the last id of a page as `afterId` for the next one (a page shorter than `limit` is the last).
   */
  async awaitingFeedback(
    moment: FeedbackWindowMoment,
    now: Date,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const params = [moment.fraction, moment.afterHours, now, afterId, limit];
    const rows = await this.dataSource.query<{ id: string }[]>(AWAITING_FEEDBACK_SQL, params);
    return rows.map((r) => r.id);
  }

  async reviewWorkload(): Promise<ReviewWorkload> {
    type Row = Pick<
      Invitation,
      'id' | 'assessmentVersionId' | 'status' | 'submittedAt' | 'feedbackDueAt' | 'deadline' | 'feedbackDueHours'
    >;
    const rows = await this.dataSource.query<Row[]>(REVIEW_WORKLOAD_SQL);
    const [first] = await this.dataSource.query<{ at: Date | null }[]>(
      `SELECT min(submitted_at) AS at FROM invitations WHERE submitted_at IS NOT NULL`,
    );
    const workload: ReviewWorkload = { pending: [], writing: [], firstSubmittedAt: first.at };
    for (const { id, assessmentVersionId, status, submittedAt, feedbackDueAt, deadline, feedbackDueHours } of rows) {
      if (status === 'started' && deadline)
        workload.writing.push({ id, assessmentVersionId, deadline, feedbackDueHours });
      else if ((status === 'submitted' || status === 'in_review') && submittedAt && feedbackDueAt)
        workload.pending.push({ id, assessmentVersionId, status, submittedAt, feedbackDueAt });
    }
    return workload;
  }

  /** Whether any of these invitations to the assessment is live (not expired or withdrawn), in the transaction. */
  anyLive(manager: EntityManager, assessmentId: string, ids: readonly string[]): Promise<boolean> {
    if (ids.length === 0) return Promise.resolve(false);
    return manager.existsBy(Invitation, { id: In(ids), assessmentId, status: Not(In(NOT_LIVE)) });
  }

  /** The invitations of an address not erased yet (compared as stored: trimmed, any case), in the transaction. */
  async idsOfCandidate(manager: EntityManager, email: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM invitations WHERE lower(btrim(candidate_email)) = lower(btrim($1)) AND erased_at IS NULL ORDER BY id`,
      [email],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One page of the invitations not erased yet, in one of `statuses`, last changed before `before`: oldest change
   * first, after the invitation `afterId` (from the start when null). The retention job applies its rule to them.
   */
  endedBefore(
    statuses: readonly InvitationStatus[],
    before: Date,
    afterId: string | null,
    limit: number,
  ): Promise<RetentionRow[]> {
    return this.dataSource.query<RetentionRow[]>(
      `SELECT i.id, i.status, i.feedback_sent_at AS "feedbackSentAt", i.updated_at AS "updatedAt",
              i.candidate_email AS "candidateEmail"
         FROM invitations i
        WHERE i.erased_at IS NULL AND i.updated_at < $2 AND i.status = ANY($1::text[])
          AND ($3::uuid IS NULL OR (i.updated_at, i.id) > (SELECT c.updated_at, c.id FROM invitations c WHERE c.id = $3))
        ORDER BY i.updated_at, i.id
        LIMIT $4`,
      [statuses, before, afterId, limit],
    );
  }

  /**
   * Erases the candidate from these invitations in the caller's transaction, each locked: name and email become
   * tombstones, both link tokens unusable (old links answer 401/404), `erased_at` is set, and the reasons of their
   * extensions (which can name a need) are cleared. One still open is withdrawn first, so no job starts or submits
   * it afterwards. Invitations already erased are skipped. Returns what was removed, for the rest of the erasure.
   */
  async eraseCandidate(
    manager: EntityManager,
    ids: readonly string[],
    actor: Actor,
    now: Date,
  ): Promise<ErasedInvitation[]> {
    if (ids.length === 0) return [];
    const found = await manager
      .createQueryBuilder(Invitation, 'i')
      .where('i.id IN (:...ids) AND i.erased_at IS NULL', { ids })
      .orderBy('i.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
    if (found.length === 0) return [];
    for (const invitation of found) {
      if (invitation.status === 'invited' || invitation.status === 'started')
        await this.apply(manager, invitation, invitation.withdraw(now), actor, now, { erased: true });
    }
    const erasedIds = found.map((i) => i.id);
    // The token hashes become values no token hashes to (a hash is hex), unique like the column.
    await manager.query(
      `UPDATE invitations i
          SET candidate_name = $3, candidate_email = e.email, token_hash = 'erased:' || i.id,
              feedback_token_hash = NULL, erased_at = $4
         FROM unnest($1::uuid[], $2::text[]) AS e(id, email)
        WHERE i.id = e.id AND i.erased_at IS NULL`,
      [erasedIds, erasedIds.map(erasedCandidateEmail), ERASED_CANDIDATE_NAME, now],
    );
    await manager.query(`UPDATE extensions SET reason = '' WHERE invitation_id = ANY($1::uuid[]) AND reason <> ''`, [
      erasedIds,
    ]);
    return found.map((i) => ({ id: i.id, candidateName: i.candidateName, candidateEmail: i.candidateEmail }));
  }

  /** Started attempts whose deadline + grace has passed, locked; rows another worker holds are skipped. */
  lockStartedPastCutoff(manager: EntityManager, now: Date, graceSeconds: number, limit: number): Promise<Invitation[]> {
    return manager
      .createQueryBuilder(Invitation, 'i')
      .where(`i.status = 'started' AND ${PAST_CUTOFF_SQL}`, { grace: graceSeconds, now })
      .orderBy('i.deadline', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /**
   * Persists one transition with its event in the caller's transaction. The guard makes a lost race
   * visible: it throws rather than recording a change that did not happen.
   */
  async apply(
    manager: EntityManager,
    invitation: Invitation,
    t: Transition<Invitation>,
    actor: Actor,
    now: Date,
    data?: EventData,
  ): Promise<Invitation> {
    const updated = await guardedUpdate(manager, Invitation, invitation.id, t.from, t.changes);
    if (!updated) throw new InvitationStateError('changing concurrently', t.event);
    await this.recordEvent(manager, invitation.id, t.event, actor, now, data);
    return updated;
  }

  /** Enqueues (after commit) the job that submits the attempt at deadline + grace. */
  async scheduleAutoSubmit(invitation: Invitation): Promise<void> {
    if (!invitation.deadline) return;
    const job = autoSubmitJob(invitation.id, invitation.deadline, this.config.attempts.graceSeconds);
    await this.jobs.addSafely(job.name, job.payload, { jobId: job.jobId, runAt: job.runAt });
  }

  /** Invitations not started by their start-by date become expired (a batch at a time, safe to run twice). */
  async expireOverdue(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const mailIds: (string | null)[] = [];
      const expired = await this.dataSource.transaction(async (manager) => {
        const due = await manager
          .createQueryBuilder(Invitation, 'i')
          .where(`i.status = 'invited' AND i.start_by < :now`, { now })
          .orderBy('i.start_by', 'ASC')
          .limit(SWEEP_BATCH)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        const contacts = await this.contactsFor(
          due.map((i) => i.invitedBy),
          manager,
        );
        for (const invitation of due) {
          const result = await this.apply(manager, invitation, invitation.expire(now), SYSTEM_ACTOR, now);
          const version = await this.assessments.findVersion(result.assessmentVersionId, manager);
          const contact = contacts(result.invitedBy);
          mailIds.push(
            await this.outbox.enqueue(manager, {
              dedupeKey: `invitation:${result.id}:expired`,
              to: result.candidateEmail,
              replyTo: contact?.email ?? null,
              ...expiryMail(this.mailContext(result, contact), { assessment: version, startBy: result.startBy }),
            }),
          );
        }
        return due.length;
      });
      await this.outbox.deliverSoon(mailIds);
      total += expired;
      if (expired < SWEEP_BATCH) return total;
    }
  }

  /**
   * The receipt of a submission (by the candidate or by the deadline), stored in the caller's transaction, the one
   * that submitted: one per invitation, so a retried job or a second sweep sends nothing more. Returns the outbox
   * id (null when already stored), for OutboxService.deliverSoon after commit.
   */
  async enqueueSubmissionReceipt(
    manager: EntityManager,
    submitted: Invitation,
    by: 'candidate' | 'deadline',
  ): Promise<string | null> {
    if (!submitted.submittedAt || !submitted.feedbackDueAt) return null;
    const version = await this.assessments.findVersion(submitted.assessmentVersionId, manager);
    const contact = await this.contactFor(submitted.invitedBy, manager);
    return this.outbox.enqueue(manager, {
      dedupeKey: `invitation:${submitted.id}:submitted`,
      to: submitted.candidateEmail,
      replyTo: contact?.email ?? null,
      ...receiptMail(this.mailContext(submitted, contact), {
        assessment: version,
        by,
        submittedAt: submitted.submittedAt,
        feedbackDueAt: submitted.feedbackDueAt,
      }),
    });
  }

  /**
   * Who a candidate's emails name and send replies to: MAIL_REPLY_TO when set, else the recruiter who invited them
   * (read through UsersService); null when neither is known (an integration's invitation): replies go to MAIL_FROM.
   */
  async contactFor(invitedBy: string | null, manager?: EntityManager): Promise<MailContact | null> {
    return (await this.contactsFor([invitedBy], manager))(invitedBy);
  }

  /** contactFor for many invitations with one query (in the caller's transaction when given). */
  private async contactsFor(
    invitedBy: readonly (string | null)[],
    manager?: EntityManager,
  ): Promise<(id: string | null) => MailContact | null> {
    const replyTo = this.config.mail.replyTo;
    if (replyTo) return () => ({ email: replyTo });
    const ids = [...new Set(invitedBy.filter((id): id is string => id !== null))];
    const found = await this.users.findByIds(ids, manager);
    const users = new Map(found.map((u) => [u.id, { email: u.email, name: u.name }]));
    return (id) => (id ? (users.get(id) ?? null) : null);
  }

  /**
   * For other features' candidate emails (feedback, its notices): the email's frame and its Reply-To, read in the
   * caller's transaction.
   */
  async candidateMailFrame(
    manager: EntityManager,
    invitation: Invitation,
  ): Promise<{ context: CandidateMailContext; replyTo: string | null }> {
    const contact = await this.contactFor(invitation.invitedBy, manager);
    return { context: this.mailContext(invitation, contact), replyTo: contact?.email ?? null };
  }

  /** The frame of a candidate's email: English (the candidate's language is not known when they are mailed). */
  private mailContext(invitation: Invitation, contact: MailContact | null): CandidateMailContext {
    return {
      locale: 'en',
      candidateName: invitation.candidateName,
      company: this.config.companyName,
      contact,
    };
  }

  /** An invitation's first email (one per invitation: the key says which), whether invited alone or in bulk. */
  private invitationMail(
    invitation: Invitation,
    version: AssessmentVersion,
    link: string,
    contact: MailContact | null,
  ): OutgoingMail {
    return {
      dedupeKey: `invitation:${invitation.id}`,
      to: invitation.candidateEmail,
      replyTo: contact?.email ?? null,
      ...renderInvitationMail(this.mailContext(invitation, contact), {
        assessment: { title: version.title, roleTitle: version.roleTitle, readingTitles: readingTitles(version) },
        minutes: invitation.timeLimitMinutes + invitation.extraMinutes,
        startBy: invitation.startBy,
        feedbackDueHours: invitation.feedbackDueHours,
        link,
      }),
    };
  }

  /** An invitation's event in the caller's transaction: `apply` records transitions, this what changes no status. */
  recordEvent(
    manager: EntityManager,
    id: string,
    type: string,
    actor: Actor,
    now: Date,
    data?: EventData,
  ): Promise<void> {
    return this.events.record(manager, {
      aggregateType: 'invitation',
      aggregateId: id,
      invitationId: id,
      type,
      actor,
      occurredAt: now,
      data,
    });
  }
}

/** What the readings teach, as the invitation lists it: their titles. */
const readingTitles = (version: AssessmentVersion): string[] =>
  version.readings.map((r) => r.title.trim()).filter((t) => t !== '');

/** Errors in row order (`rows[2]` before `rows[10]`), the file's own problems first. */
function sortByRow(errors: FieldError[]): FieldError[] {
  const rowOf = (e: FieldError): number => Number(/^rows\[(\d+)\]/.exec(e.field)?.[1] ?? 0);
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rowOf(a.e) - rowOf(b.e) || a.i - b.i)
    .map(({ e }) => e);
}

/** A new invitation's row before it is stored: the same for one invitation and for each of a bulk upload. */
function newInvitationRow(
  manager: EntityManager,
  version: AssessmentVersion,
  input: Omit<NewInvitation, 'actor'>,
  tokenHash: string,
  startBy: Date,
  now: Date,
): Invitation {
  return manager.create(Invitation, {
    assessmentId: input.assessmentId,
    assessmentVersionId: version.id,
    candidateName: input.candidateName.trim(),
    candidateEmail: input.candidateEmail.trim(),
    tokenHash,
    status: 'invited',
    timeLimitMinutes: version.timeLimitMinutes,
    extraMinutes: input.extraMinutes ?? 0,
    extensionMinutes: 0,
    startBy,
    feedbackDueHours: version.feedbackDueHours,
    invitedBy: input.invitedBy,
    source: input.source,
    externalRef: input.externalRef ?? null,
    createdAt: now,
    updatedAt: now,
  });
}
