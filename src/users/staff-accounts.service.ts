import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type StaffActor } from '../auth/auth.decorators.js';
import { StaffSessionsService } from '../auth/staff-sessions.service.js';
import { Clock } from '../common/clock/clock.js';
import { type Actor, EventsService } from '../events/events.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';
import { type UpdateUserDto } from './dto/update-user.dto.js';
import { type StaffAccountView, toStaffAccountView, User } from './user.entity.js';
import { LastAdminError, UserNotFoundError } from './user.errors.js';

/**
 * Admins managing staff accounts: rename, change role, deactivate. Lives apart from UsersModule because ending
 * a person's claims needs the reviews feature, which itself depends on UsersModule.
 */
@Injectable()
export class StaffAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: StaffSessionsService,
    private readonly reviews: ReviewsService,
    private readonly events: EventsService,
    private readonly clock: Clock,
  ) {}

  /**
   * One transaction for the account (its row locked, and every active admin's first when the role or
   * activity changes, so two admins demoting each other at once cannot leave none), its sessions and events;
   * then the claims of a person who can no longer review go back to the queue, each under its invitation's
   * lock (ReviewsService.releaseAllOf).
   */
  async update(admin: StaffActor, id: string, dto: UpdateUserDto): Promise<StaffAccountView> {
    const now = this.clock.now();
    const actor: Actor = { type: 'staff', id: admin.id };
    const updated = await this.dataSource.transaction(async (m) => {
      const changesAdmins = dto.role !== undefined || dto.active !== undefined;
      // Always in id order, before the account's own row: one lock order for every update.
      const admins = changesAdmins ? ((await m.query(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`)) as { id: string }[]) : [];
      const user = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new UserNotFoundError();
      const before = { name: user.name, role: user.role, active: user.active };
      const after = { name: dto.name?.trim() ?? user.name, role: dto.role ?? user.role, active: dto.active ?? user.active };
      const wasActiveAdmin = before.role === 'admin' && before.active;
      const staysActiveAdmin = after.role === 'admin' && after.active;
      if (wasActiveAdmin && !staysActiveAdmin && admins.length <= 1) throw new LastAdminError();
      await m.update(User, { id }, after);
      const record = (type: string, data: Record<string, string | number | boolean | null>): Promise<void> =>
        this.events.record(m, { aggregateType: 'user', aggregateId: id, type, actor, occurredAt: now, data });
      if (after.name !== before.name) await record('user.renamed', {});
      if (after.role !== before.role) await record('user.role_changed', { from: before.role, to: after.role });
      if (before.active && !after.active) await record('user.deactivated', { sessionsEnded: await this.sessions.revokeAllOf(m, id, now) });
      if (!before.active && after.active) await record('user.reactivated', {});
      return Object.assign(user, after);
    });
    // Also when the account was already inactive: a repeat finishes what a failed first attempt left.
    if (!updated.active || updated.role === 'recruiter') await this.reviews.releaseAllOf(id, actor);
    return toStaffAccountView(updated);
  }
}
