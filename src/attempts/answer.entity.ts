import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest saved value of one question; `revision` counts the saves. */
@Entity({ name: 'answers' })
export class Answer {
  @PrimaryColumn('uuid') invitationId: string;
  @PrimaryColumn('text') questionKey: string;
  @Column('text') value: string;
  @Column('integer') revision: number;
  @Column('timestamptz') savedAt: Date;
}
