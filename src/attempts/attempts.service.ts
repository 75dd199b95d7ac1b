import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { type AssessmentVersion } from '../assessments/assessment.entity.js';
import { AssessmentsService } from '../assessments/assessments.service.js';
import { Clock } from '../common/clock/clock.js';
import { RequestValidationError } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { type Actor, SYSTEM_ACTOR } from '../events/events.service.js';
import { type JobPayloads } from '../jobs/job-names.js';
import { isAutoSubmitDue, isPastCutoff, pastCutoffSql } from '../invitations/attempt-deadline.js';
import { type Invitation } from '../invitations/invitation.entity.js';
import {
  DeadlinePassedError,
  InvitationNotFoundError,
  InvitationStateError,
} from '../invitations/invitation.errors.js';
import { InvitationsService } from '../invitations/invitations.service.js';
import { OutboxService } from '../mail/outbox.service.js';
import { Answer } from './answer.entity.js';
import { QuestionNotFoundError } from './attempt.errors.js';
import {
  type AnswersView,
  type AttemptView,
  type SavedAnswerView,
  type StartedAttemptView,
  type SubmissionView,
  toAnswerMap,
  toAttemptView,
  toSubmissionView,
} from './attempt.view.js';
import { type CandidateActor } from '../candidate-auth/candidate-auth.service.js';

const SWEEP_BATCH = 100;

/**
 * One answer saved only while its attempt is open: $1 invitation, $2 question key, $3 value, $4 now, $5 grace
 * seconds. Revisions count in the same statement. FOR SHARE lets saves run side by side and waits for (then
 * re-checks against) a submit holding the row.
 */
const SAVE_ANSWER_SQL = `
  WITH open_attempt AS (
    SELECT i.id FROM invitations i
     WHERE i.id = $1 AND i.status = 'started' AND i.deadline IS NOT NULL
       AND NOT (${pastCutoffSql('$5::int', '$4::timestamptz')})
     FOR SHARE
  )
  INSERT INTO answers (invitation_id, question_key, value, revision, saved_at)
  SELECT id, $2, $3, 1, $4 FROM open_attempt
  ON CONFLICT (invitation_id, question_key) DO UPDATE
    SET value = EXCLUDED.value, revision = answers.revision + 1, saved_at = EXCLUDED.saved_at
  RETURNING value, revision, saved_at AS "savedAt"`;
const SUBMITTED: readonly Invitation['status'][] = ['submitted', 'in_review', 'feedback_sent'];

/** A delayed job that woke before its cutoff (clock skew between hosts): failing it makes BullMQ retry soon. */
class NotDueYetError extends Error {}

/** The candidate's side of an invitation: reading, starting, saving answers, submitting (or being submitted). */
@Injectable()
export class AttemptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Answer) private readonly answers: Repository<Answer>,
    private readonly invitations: InvitationsService,
    private readonly assessments: AssessmentsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
  ) {}

  private get graceSeconds(): number {
    return this.config.attempts.graceSeconds;
  }

  async view(candidate: CandidateActor): Promise<AttemptView> {
    const invitation = await this.load(candidate);
    return toAttemptView(
      invitation,
      await this.assessments.findVersion(invitation.assessmentVersionId),
      this.clock.now(),
    );
  }

  /** Starts the server's clock; repeating it returns the attempt as it is. */
  async start(candidate: CandidateActor): Promise<StartedAttemptView> {
    const now = this.clock.now();
    const { invitation, started } = await this.dataSource.transaction(async (manager) => {
      const current = await this.invitations.lock(manager, candidate.invitationId);
      // A repeat returns the attempt as it is; a withdrawn or expired one is refused by start() below.
      if (current.startedAt && current.status !== 'withdrawn') return { invitation: current, started: false };
      const t = current.start(now);
      const updated = await this.invitations.apply(manager, current, t, this.candidateActor(current), now, {
        totalMinutes: current.totalMinutes,
      });
      return { invitation: updated, started: true };
    });
    if (started) await this.invitations.scheduleAutoSubmit(invitation);
    const version = await this.assessments.findVersion(invitation.assessmentVersionId);
    return { ...toAttemptView(invitation, version, now), answers: toAnswerMap(await this.findAnswers(invitation.id)) };
  }

  /**
   * Saves one answer while the attempt is started and deadline + grace has not passed: the hot path of exam
   * day (every page autosaves while its candidate types), so it is one statement after the token lookup (the
   * version is cached). The statement takes a share lock on the invitation row and checks status and cutoff
   * under it; a submit takes the row's exclusive lock, so a save never lands after a submission. When it saved
   * nothing, a read says why.
   */
  async saveAnswer(candidate: CandidateActor, questionKey: string, value: string): Promise<SavedAnswerView> {
    const now = this.clock.now();
    checkAnswer(await this.assessments.findVersion(candidate.assessmentVersionId), questionKey, value);
    const [saved] = await this.dataSource.query<{ value: string; revision: number; savedAt: Date }[]>(SAVE_ANSWER_SQL, [
      candidate.invitationId,
      questionKey,
      value,
      now,
      this.graceSeconds,
    ]);
    if (saved) return { questionKey, value: saved.value, savedAt: saved.savedAt, revision: saved.revision };
    const invitation = await this.load(candidate);
    // Past the cutoff that is the reason, even when the server has submitted the attempt since.
    if (invitation.deadline && isPastCutoff(invitation.deadline, this.graceSeconds, now))
      throw new DeadlinePassedError(invitation.deadline);
    throw new InvitationStateError(invitation.status, 'save an answer');
  }

  async listAnswers(candidate: CandidateActor): Promise<AnswersView> {
    const invitation = await this.load(candidate);
    return { answers: toAnswerMap(await this.findAnswers(invitation.id)) };
  }

  /** For reviews: an invitation's saved answers, in the caller's transaction when one is given. */
  answersOf(invitationId: string, manager: EntityManager = this.answers.manager): Promise<Answer[]> {
    return manager.find(Answer, { where: { invitationId }, order: { questionKey: 'ASC' } });
  }

  /**
   * For an erasure, in its transaction: the candidate's answers go (a row holds the latest text of a question; no
   * earlier saves are kept, and the browser's unsent copy stays in the candidate's own browser). Returns how many.
   */
  async eraseAnswers(manager: EntityManager, invitationIds: readonly string[]): Promise<number> {
    if (invitationIds.length === 0) return 0;
    const [, removed] = await manager.query<[unknown, number]>(
      `DELETE FROM answers WHERE invitation_id = ANY($1::uuid[])`,
      [invitationIds],
    );
    return removed;
  }

  /**
   * Idempotent: a repeat returns the stored submission. Past deadline + grace the attempt is over, so the
   * deadline submission (the one the job would make) is applied instead of refusing.
   */
  async submit(candidate: CandidateActor): Promise<SubmissionView> {
    const now = this.clock.now();
    const mails: (string | null)[] = [];
    const view = await this.dataSource.transaction(async (manager) => {
      const invitation = await this.invitations.lock(manager, candidate.invitationId);
      if (SUBMITTED.includes(invitation.status)) return toSubmissionView(invitation);
      if (
        invitation.status === 'started' &&
        invitation.deadline &&
        isPastCutoff(invitation.deadline, this.graceSeconds, now)
      )
        return toSubmissionView(await this.submitByDeadline(manager, invitation, now, mails));
      const t = invitation.submit('candidate', now, this.graceSeconds);
      const updated = await this.invitations.apply(manager, invitation, t, this.candidateActor(invitation), now, {
        by: 'candidate',
        answerCount: await this.countAnswers(manager, invitation.id),
      });
      mails.push(await this.invitations.enqueueSubmissionReceipt(manager, updated, 'candidate'));
      return toSubmissionView(updated);
    });
    await this.outbox.deliverSoon(mails);
    return view;
  }

  /**
   * The delayed job: submits only if the attempt is still started on the deadline the job was made for. When a
   * class's deadlines fall together, thousands of these wake at once: each also submits one batch of any other
   * overdue attempts (rows another worker holds are skipped), so the jobs behind it find their work done.
   */
  async autoSubmit({ invitationId, deadlineMs }: JobPayloads['attempt.auto-submit']): Promise<void> {
    const now = this.clock.now();
    // Still started on the deadline the job was made for: not submitted or withdrawn since, and no extension
    // moved the deadline (its own job handles that one).
    const isOwnWork = (i: Invitation | null): i is Invitation =>
      i !== null && i.status === 'started' && i.deadline?.getTime() === deadlineMs;
    // A plain read first: most of a class's jobs find their attempt submitted by an earlier job's batch and need
    // no transaction for it. A status never returns to started, so "done" read here stays done.
    const mails: (string | null)[] = [];
    if (isOwnWork(await this.invitations.findById(invitationId))) {
      await this.dataSource.transaction(async (manager) => {
        const invitation = await this.invitations.lock(manager, invitationId).catch((err: unknown) => {
          if (err instanceof InvitationNotFoundError) return null;
          throw err;
        });
        if (!isOwnWork(invitation)) return;
        if (!isAutoSubmitDue(new Date(deadlineMs), this.graceSeconds, now))
          throw new NotDueYetError(`attempt ${invitationId} is not due yet`);
        await this.submitByDeadline(manager, invitation, now, mails);
      });
      await this.outbox.deliverSoon(mails);
    }
    await this.submitOverdueBatch(now);
  }

  /** The safety net for lost jobs: every started attempt past deadline + grace, a locked batch at a time. */
  async submitOverdue(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const submitted = await this.submitOverdueBatch(now);
      total += submitted;
      if (submitted < SWEEP_BATCH) return total;
    }
  }

  /** One transaction: up to SWEEP_BATCH started attempts past deadline + grace, submitted by the deadline. */
  private async submitOverdueBatch(now: Date): Promise<number> {
    const mails: (string | null)[] = [];
    const submitted = await this.dataSource.transaction(async (manager) => {
      const due = await this.invitations.lockStartedPastCutoff(manager, now, this.graceSeconds, SWEEP_BATCH);
      // One count for the batch: the deadline submission's event records how many answers it held.
      const counts = await this.countAnswersOf(
        manager,
        due.map((i) => i.id),
      );
      for (const invitation of due)
        await this.submitByDeadline(manager, invitation, now, mails, counts.get(invitation.id) ?? 0);
      return due.length;
    });
    await this.outbox.deliverSoon(mails);
    return submitted;
  }

  /** Submits by the deadline, with its receipt in the same transaction; `mails` collects it for after commit. */
  private async submitByDeadline(
    manager: EntityManager,
    invitation: Invitation,
    now: Date,
    mails: (string | null)[],
    answerCount?: number,
  ): Promise<Invitation> {
    const t = invitation.submit('deadline', now, this.graceSeconds);
    const updated = await this.invitations.apply(manager, invitation, t, SYSTEM_ACTOR, now, {
      by: 'deadline',
      answerCount: answerCount ?? (await this.countAnswers(manager, invitation.id)),
    });
    mails.push(await this.invitations.enqueueSubmissionReceipt(manager, updated, 'deadline'));
    return updated;
  }

  private async load(candidate: CandidateActor): Promise<Invitation> {
    const invitation = await this.invitations.findById(candidate.invitationId);
    if (!invitation) throw new InvitationNotFoundError();
    return invitation;
  }

  private candidateActor(invitation: Invitation): Actor {
    return { type: 'candidate', id: invitation.id };
  }

  private findAnswers(invitationId: string): Promise<Answer[]> {
    return this.answers.find({ where: { invitationId }, order: { questionKey: 'ASC' } });
  }

  private async countAnswersOf(manager: EntityManager, invitationIds: readonly string[]): Promise<Map<string, number>> {
    if (invitationIds.length === 0) return new Map();
    const rows = await manager.query<{ invitation_id: string; n: number }[]>(
      `SELECT invitation_id, count(*)::int AS n FROM answers WHERE invitation_id = ANY($1::uuid[]) GROUP BY invitation_id`,
      [invitationIds],
    );
    return new Map(rows.map((r) => [r.invitation_id, r.n]));
  }

  private async countAnswers(manager: EntityManager, invitationId: string): Promise<number> {
    return (await this.countAnswersOf(manager, [invitationId])).get(invitationId) ?? 0;
  }
}

/** The key must be one of this version's questions; a choice answer one of its options (or empty, to clear it). */
function checkAnswer(version: AssessmentVersion, questionKey: string, value: string): void {
  const question = version.questions.find((q) => q.key === questionKey);
  if (!question) throw new QuestionNotFoundError(questionKey);
  if (question.type === 'choice' && value !== '' && !question.options?.includes(value)) {
    throw new RequestValidationError([{ field: 'value', message: 'value must be one of the question options' }]);
  }
}
