import { Column, Entity, PrimaryColumn } from 'typeorm';

export const FEEDBACK_NOTICE_KINDS = ['reminder_50', 'reminder_90', 'breach', 'late_notice', 'promise_missed'] as const;
export type FeedbackNoticeKind = (typeof FEEDBACK_NOTICE_KINDS)[number];
/** Beside the window's scheduled notices: the capacity forecast's warning that a submission will be late. */
export type NoticeKind = FeedbackNoticeKind | 'at_risk';

/** A reminder, breach, delay notice or at-risk warning that happened; the primary key makes each happen once per submission. */
@Entity({ name: 'feedback_notices' })
export class FeedbackNotice {
  @PrimaryColumn('uuid') invitationId: string;
  @PrimaryColumn('text') kind: NoticeKind;
  @Column('timestamptz') sentAt: Date;
  /** The late notice's new promised date for the feedback. */
  @Column('timestamptz', { nullable: true }) promisedAt: Date | null;
}
