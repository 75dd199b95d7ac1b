import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `cancelled`: its recipient was erased before it was sent (see OutboxService.eraseTo). */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

@Entity({ name: 'outbox_messages' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') dedupeKey: string;
  @Column('text') toAddress: string;
  @Column('text') subject: string;
  @Column('text') textBody: string;
  @Column('text', { nullable: true }) htmlBody: string | null;
  @Column('text', { nullable: true }) replyTo: string | null;
  @Column('text') status: OutboxStatus;
  @Column('integer') attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz') nextAttemptAt: Date;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
}
