import { Column, Entity, PrimaryColumn } from 'typeorm';

export const FEEDBACK_NOTICE_KINDS = ['reminder_50', 'reminder_90', 'breach', 'late_notice'] as const;
export type FeedbackNoticeKind = (typeof FEEDBACK_NOTICE_KINDS)[number];

/** A reminder, breach or delay notice that happened; the primary key makes each happen once per submission. */
@Entity({ name: 'feedback_notices' })
export class FeedbackNotice {
  @PrimaryColumn('uuid') invitationId: string;
  @PrimaryColumn('text') kind: FeedbackNoticeKind;
  @Column('timestamptz') sentAt: Date;
  /** The late notice's new promised date for the feedback. */
  @Column('timestamptz', { nullable: true }) promisedAt: Date | null;
}
