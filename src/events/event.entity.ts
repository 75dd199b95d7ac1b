import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Facts about a change: ids, times, counts. Never answers, feedback text or secrets. */
export type EventData = Record<string, string | number | boolean | null>;

export type ActorType = 'staff' | 'candidate' | 'system' | 'integration';

/** One row per state change; the table refuses UPDATE and DELETE. */
@Entity({ name: 'events' })
export class DomainEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('timestamptz') occurredAt: Date;
  @Column('text') aggregateType: string;
  @Column('uuid') aggregateId: string;
  @Column('uuid', { nullable: true }) invitationId: string | null;
  @Column('text') type: string;
  @Column('text') actorType: ActorType;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('jsonb') data: EventData;
}
