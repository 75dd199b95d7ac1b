import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StaffSessionsService } from '../auth/staff-sessions.service.js';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { Clock } from '../common/clock/clock.js';
import { type EventData } from '../events/event.entity.js';
import { EventsService, staffActor } from '../events/events.service.js';
import { ReviewClaimsService } from '../reviews/review-claims.service.js';
import { type StaffAccountView } from '../users/user.view.js';
import { UsersService } from '../users/users.service.js';
import { type UpdateUserDto } from './dto/update-user.dto.js';

/**
 * Admins managing staff accounts: rename, change role, deactivate. A feature of its own because it spans three:
 * the account (users), its sessions (auth) and its claims (reviews), none of which depends on this one.
 */
@Injectable()
export class StaffAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: StaffSessionsService,
    private readonly claims: ReviewClaimsService,
    private readonly events: EventsService,
    private readonly clock: Clock,
  ) {}

  /**
   * One transaction for the account (UsersService.changeAccount locks it and the admins), its sessions and
   * events; then the claims of a person who can no longer review go back to the queue, each under its
   * invitation's lock (ReviewClaimsService.releaseAllOf).
   */
  async update(admin: StaffActor, id: string, dto: UpdateUserDto): Promise<StaffAccountView> {
    const now = this.clock.now();
    const actor = staffActor(admin);
    const account = await this.dataSource.transaction(async (m) => {
      const { before, after, account } = await this.users.changeAccount(m, id, dto);
      const record = (type: string, data: EventData): Promise<void> =>
        this.events.record(m, { aggregateType: 'user', aggregateId: id, type, actor, occurredAt: now, data });
      if (after.name !== before.name) await record('user.renamed', {});
      if (after.role !== before.role) await record('user.role_changed', { from: before.role, to: after.role });
      if (before.active && !after.active) {
        await record('user.deactivated', { sessionsEnded: await this.sessions.revokeAllOf(m, id, now) });
      }
      if (!before.active && after.active) await record('user.reactivated', {});
      return account;
    });
    // Also when the account was already inactive: a repeat finishes what a failed first attempt left.
    if (!account.active || account.role === 'recruiter') await this.claims.releaseAllOf(id, actor);
    return account;
  }
}
