import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type Decision } from './feedback-rules.js';
import { type AnchoredQuote } from './text-quote.js';

/** A reviewer's comment on a passage of the candidate's answer, as delivered (quote found, offsets resolved). */
export interface AnchoredComment {
  questionKey: string;
  quote: AnchoredQuote;
  text: string;
}

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
  @Column('jsonb') comments: AnchoredComment[];
  @Column('timestamptz') sentAt: Date;
}
