import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Repository } from 'typeorm';
import { RequestValidationError } from '../common/errors/domain-error.js';
import { type AuditEntryView, toAuditEntryView } from './audit-entry.view.js';
import { DomainEvent } from './event.entity.js';
import { type AuditQueryDto, DEFAULT_AUDIT_LIMIT } from './dto/audit-query.dto.js';

/** Reads the audit trail (the events table) for admins. Nothing here writes: entries are only ever appended. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(DomainEvent) private readonly events: Repository<DomainEvent>) {}

  /** Newest first, in the order the entries were appended; `before` pages back from an entry's id. */
  async list(query: AuditQueryDto): Promise<AuditEntryView[]> {
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && from >= to) throw new RequestValidationError([{ field: 'to', message: 'to must be after from' }]);
    const q = this.events
      .createQueryBuilder('e')
      .orderBy('e.id', 'DESC')
      .limit(query.limit ?? DEFAULT_AUDIT_LIMIT);
    if (query.entity) q.andWhere('e.aggregateType = :entity', { entity: query.entity });
    // A candidate's history spans several entities (invitation, review): the invitation id finds all of it.
    if (query.id) q.andWhere('(e.aggregateId = :id OR e.invitationId = :id)', { id: query.id });
    if (query.actor) q.andWhere('e.actorId = :actor', { actor: query.actor });
    if (from) q.andWhere('e.occurredAt >= :from', { from });
    if (to) q.andWhere('e.occurredAt < :to', { to });
    if (query.before) q.andWhere('e.id < :before', { before: String(query.before) });
    return (await q.getMany()).map(toAuditEntryView);
  }
}
