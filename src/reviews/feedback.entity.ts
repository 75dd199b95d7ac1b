import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type Decision } from './feedback-rules.js';

/** Feedback as delivered to the candidate: inserted once, never updated or deleted (a trigger refuses both). */
@Entity({ name: 'feedback' })
export class Feedback {
  @PrimaryColumn('uuid') invitationId: string;
  @Column('uuid') reviewId: string;
  @Column('uuid') reviewerId: string;
  @Column('text') decision: Decision;
  @Column('jsonb') scores: Record<string, number>;
  @Column('jsonb') criteria: Record<string, string>;
  @Column('text') summary: string;
  @Column('text') strengths: string;
  @Column('text') improvements: string;
  @Column('timestamptz') sentAt: Date;
}
