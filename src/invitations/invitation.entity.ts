import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { attemptDeadline, isAutoSubmitDue, isPastCutoff } from './attempt-deadline.js';
import { InvitationStateError, DeadlinePassedError } from './invitation.errors.js';
import { HOUR_MS } from '../common/clock/durations.js';
import { type Transition } from '../common/database/transition.js';

export const INVITATION_STATUSES = [
  'invited',
  'started',
  'submitted',
  'in_review',
  'feedback_sent',
  'expired',
  'withdrawn',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export const SUBMITTED_BY = ['candidate', 'deadline'] as const;
export type SubmittedBy = (typeof SUBMITTED_BY)[number];
/** Who issued the invitation: a recruiter, or an ATS integration. */
export const INVITATION_SOURCES = ['staff', 'greenhouse', 'ashby'] as const;
export type InvitationSource = (typeof INVITATION_SOURCES)[number];

/**
 * An invitation and the attempt it leads to (one attempt per invitation). The methods below are the only
 * code that decides a new `status`: each checks the current state and returns the guarded change.
 */
@Entity({ name: 'invitations' })
export class Invitation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') assessmentId: string;
  @Column('uuid') assessmentVersionId: string;
  @Column('text') candidateName: string;
  @Column('text') candidateEmail: string;
  @Column('text', { select: false }) tokenHash: string;
  /** The link sent with the feedback (the first token is only stored hashed, so it cannot be sent again). */
  @Column('text', { select: false, nullable: true }) feedbackTokenHash: string | null;
  @Column('text') status: InvitationStatus;
  @Column('integer') timeLimitMinutes: number;
  @Column('integer') extraMinutes: number;
  @Column('integer') extensionMinutes: number;
  @Column('timestamptz') startBy: Date;
  @Column('timestamptz', { nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { nullable: true }) deadline: Date | null;
  @Column('timestamptz', { nullable: true }) submittedAt: Date | null;
  @Column('text', { nullable: true }) submittedBy: SubmittedBy | null;
  @Column('timestamptz', { nullable: true }) submitProcessedAt: Date | null;
  @Column('integer') feedbackDueHours: number;
  @Column('timestamptz', { nullable: true }) feedbackDueAt: Date | null;
  @Column('timestamptz', { nullable: true }) feedbackSentAt: Date | null;
  @Column('timestamptz', { nullable: true }) feedbackBreachedAt: Date | null;
  @Column('uuid', { nullable: true }) invitedBy: string | null;
  @Column('text') source: InvitationSource;
  @Column('text', { nullable: true }) externalRef: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;

  /** Minutes the candidate has in all: the version's limit, accommodation and every extension. */
  get totalMinutes(): number {
    return this.timeLimitMinutes + this.extraMinutes + this.extensionMinutes;
  }

  start(now: Date): Transition<Invitation> {
    if (this.status !== 'invited') throw new InvitationStateError(this.status, 'start');
    if (now > this.startBy) throw new InvitationStateError('expired', 'start');
    return {
      from: ['invited'],
      changes: { status: 'started', startedAt: now, deadline: attemptDeadline(now, this.totalMinutes), updatedAt: now },
      event: 'attempt.started',
    };
  }

  /** Before start it lengthens the time the candidate will get; during the attempt it moves the deadline. */
  extend(minutes: number, now: Date): Transition<Invitation> {
    if (this.status !== 'invited' && this.status !== 'started') throw new InvitationStateError(this.status, 'extend');
    const extensionMinutes = this.extensionMinutes + minutes;
    const deadline = this.startedAt
      ? attemptDeadline(this.startedAt, this.timeLimitMinutes + this.extraMinutes + extensionMinutes)
      : null;
    return {
      from: [this.status],
      changes: { extensionMinutes, deadline, updatedAt: now },
      event: 'invitation.extended',
    };
  }

  withdraw(now: Date): Transition<Invitation> {
    if (this.status !== 'invited' && this.status !== 'started') throw new InvitationStateError(this.status, 'withdraw');
    return {
      from: ['invited', 'started'],
      changes: { status: 'withdrawn', updatedAt: now },
      event: 'invitation.withdrawn',
    };
  }

  /**
   * The invitation email again, with a new link (the old token is only stored hashed, so it cannot be sent again;
   * the new hash replaces it and the old link stops working). While the candidate may still use a link.
   */
  resend(now: Date, tokenHash: string): Transition<Invitation> {
    if (this.status !== 'invited' && this.status !== 'started')
      throw new InvitationStateError(this.status, 'resend the invitation');
    return {
      from: ['invited', 'started'],
      changes: { tokenHash, updatedAt: now },
      event: 'invitation.resent',
    };
  }

  /** Not started by the start-by date. */
  expire(now: Date): Transition<Invitation> {
    if (this.status !== 'invited' || now <= this.startBy) throw new InvitationStateError(this.status, 'expire');
    return { from: ['invited'], changes: { status: 'expired', updatedAt: now }, event: 'invitation.expired' };
  }

  /**
   * By the candidate: accepted until deadline + grace. By the deadline (job or sweep): only once deadline +
   * grace has passed, and the recorded submission time is the deadline itself, so a late sweep never makes
   * a candidate look late; when the server processed it is kept separately.
   */
  submit(by: SubmittedBy, now: Date, graceSeconds: number): Transition<Invitation> {
    if (this.status !== 'started' || !this.deadline) throw new InvitationStateError(this.status, 'submit');
    if (by === 'candidate' && isPastCutoff(this.deadline, graceSeconds, now))
      throw new DeadlinePassedError(this.deadline);
    if (by === 'deadline' && !isAutoSubmitDue(this.deadline, graceSeconds, now))
      throw new InvitationStateError(this.status, 'auto-submit before the deadline');
    const submittedAt = by === 'candidate' ? now : this.deadline;
    return {
      from: ['started'],
      changes: {
        status: 'submitted',
        submittedAt,
        submittedBy: by,
        submitProcessedAt: now,
        feedbackDueAt: new Date(submittedAt.getTime() + this.feedbackDueHours * HOUR_MS),
        updatedAt: now,
      },
      event: 'attempt.submitted',
    };
  }

  /** A reviewer claimed it. */
  claim(now: Date): Transition<Invitation> {
    if (this.status !== 'submitted') throw new InvitationStateError(this.status, 'claim');
    return { from: ['submitted'], changes: { status: 'in_review', updatedAt: now }, event: 'submission.claimed' };
  }

  /** Back to the queue: released, lease expired or claim revoked at the feedback deadline. */
  returnToQueue(now: Date, reason: 'released' | 'lease_expired' | 'revoked'): Transition<Invitation> {
    if (this.status !== 'in_review') throw new InvitationStateError(this.status, 'return to the queue');
    return { from: ['in_review'], changes: { status: 'submitted', updatedAt: now }, event: `submission.${reason}` };
  }

  /** The feedback deadline passed without feedback: recorded once, while the submission still waits for it. */
  recordBreach(now: Date): Transition<Invitation> {
    if (this.status !== 'submitted' && this.status !== 'in_review')
      throw new InvitationStateError(this.status, 'record a breach');
    if (this.feedbackBreachedAt) throw new InvitationStateError(this.status, 'record a second breach');
    return {
      from: ['submitted', 'in_review'],
      changes: { feedbackBreachedAt: now, updatedAt: now },
      event: 'feedback.breached',
    };
  }

  /** `feedbackTokenHash`: the hash of the candidate link sent with the feedback. */
  sendFeedback(now: Date, feedbackTokenHash: string): Transition<Invitation> {
    if (this.status !== 'in_review') throw new InvitationStateError(this.status, 'send feedback');
    return {
      from: ['in_review'],
      changes: { status: 'feedback_sent', feedbackSentAt: now, feedbackTokenHash, updatedAt: now },
      event: 'feedback.sent',
    };
  }
}
