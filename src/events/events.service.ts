import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { type ActorType, DomainEvent, type EventData } from './event.entity.js';

export interface Actor {
  type: ActorType;
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

/** A signed-in staff member as the author of an event. */
export const staffActor = (actor: StaffActor): Actor => ({ type: 'staff', id: actor.id });

export interface EventInput {
  aggregateType: 'assessment' | 'invitation' | 'review' | 'user' | 'integration' | 'webhook' | 'privacy';
  aggregateId: string;
  invitationId?: string | null;
  type: string;
  actor: Actor;
  occurredAt: Date;
  /** Facts about the change, never answers, feedback text or secrets. */
  data?: EventData;
}

/**
 * Runs in the transaction that records the event, so what it writes (an outbound delivery) commits with the
 * change or not at all. Listeners must be cheap for event types they do not care about: bulk work records many.
 */
export type EventListener = (manager: EntityManager, event: EventInput) => Promise<void>;

@Injectable()
export class EventsService {
  private readonly listeners: EventListener[] = [];

  /** Features that react to changes (webhooks, ATS callbacks) subscribe here instead of being called by each owner. */
  subscribe(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /** Appends in the caller's transaction, so the event exists if and only if the change committed. */
  async record(manager: EntityManager, input: EventInput): Promise<void> {
    await manager.insert(DomainEvent, {
      occurredAt: input.occurredAt,
      aggregateType: input.aggregateType,
      aggregateId: input.aggregateId,
      invitationId: input.invitationId ?? null,
      type: input.type,
      actorType: input.actor.type,
      actorId: input.actor.id,
      data: input.data ?? {},
    });
    for (const listener of this.listeners) await listener(manager, input);
  }

  listForInvitation(manager: EntityManager, invitationId: string): Promise<DomainEvent[]> {
    return manager.find(DomainEvent, { where: { invitationId }, order: { id: 'ASC' } });
  }
}
