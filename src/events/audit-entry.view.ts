import { ApiProperty } from '@nestjs/swagger';
import { type ActorType, type DomainEvent, type EventData } from './event.entity.js';

/** Mirrored by events_actor_type_check. */
export const ACTOR_TYPES = ['staff', 'candidate', 'system', 'integration'] as const satisfies readonly ActorType[];

/** Who made a change. */
export class AuditActorView {
  @ApiProperty({ enum: ACTOR_TYPES })
  type!: ActorType;
  /**
   * A staff member's id, an integration key's id, or (for a candidate) their invitation's id; null for Candor
   * itself, and for a sign-in that failed (nobody was identified).
   */
  id!: string | null;
}

/** One entry of the audit trail, as appended when the change committed; entries are never changed or removed. */
export class AuditEntryView {
  /** The entry's place in the trail (newest is highest): pass the last one of a page as `before`. */
  id!: string;
  /** When the change happened. */
  at!: Date;
  actor!: AuditActorView;
  /** What happened, like `invitation.created`, `review.completed`, `user.role_changed`. */
  action!: string;
  /** The kind of entity that changed: invitation, review, assessment, user, integration, … */
  entity!: string;
  entityId!: string;
  /** The invitation (the candidate) the change concerns, when it concerns one. */
  invitationId!: string | null;
  @ApiProperty({
    type: 'object',
    description: 'Facts about the change: ids, times, counts. Never names, emails, answers or feedback text.',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true },
    example: { reviewId: '2f1c9a8e-3a57-4a55-9a39-4d1b6f0e7c21', late: false },
  })
  data!: EventData;
}

export const toAuditEntryView = (e: DomainEvent): AuditEntryView => ({
  id: e.id,
  at: e.occurredAt,
  actor: { type: e.actorType, id: e.actorId },
  action: e.type,
  entity: e.aggregateType,
  entityId: e.aggregateId,
  invitationId: e.invitationId,
  data: e.data,
});
