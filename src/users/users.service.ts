import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { type EntityManager, QueryFailedError, type Repository } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { type Actor, EventsService, SYSTEM_ACTOR } from '../events/events.service.js';
import { ConfigurationError } from '../config/env.validation.js';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { type CreateUserDto } from './dto/create-user.dto.js';
import { RequestValidationError } from '../common/errors/domain-error.js';
import { emailSkeleton, normaliseEmail } from './email.js';
import { weakPasswordReason } from './password-strength.js';
import { User } from './user.entity.js';
import { type StaffAccountView, toStaffAccountView, toUserView, type UserView } from './user.view.js';
import { type UserRole } from '../common/auth/staff-role.js';
import { EmailTakenError, LastAdminError, UserNotFoundError } from './user.errors.js';

/** What an admin may change of a staff account; the email and password are the person's own. */
export interface AccountChanges {
  name?: string;
  role?: UserRole;
  active?: boolean;
}

type AccountFacts = Pick<User, 'name' | 'role' | 'active'>;

/** One account change as stored: the account before and after, for the caller's events and follow-ups. */
export interface AccountChange {
  before: AccountFacts;
  after: AccountFacts;
  account: StaffAccountView;
}

// Compared against when the email is unknown, so a miss costs as much time as a wrong password.
const DUMMY_HASH = argon2.hash('candor-timing-equaliser');

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly clock: Clock,
    private readonly events: EventsService,
  ) {}

  /**
   * A new staff account. The email is normalised (see normaliseEmail) and refused as taken when it, or a
   * look-alike of it, exists; the password must be hard to guess (400 naming `password`, saying why).
   */
  async create(dto: CreateUserDto, actor: Actor = SYSTEM_ACTOR): Promise<UserView> {
    const email = normaliseEmail(dto.email);
    const name = dto.name.trim();
    const weak = await weakPasswordReason(dto.password, [email, name]);
    if (weak) throw new RequestValidationError([{ field: 'password', message: `password ${weak}` }]);
    const passwordHash = await argon2.hash(dto.password);
    const now = this.clock.now();
    try {
      const user = await this.users.manager.transaction(async (m) => {
        const created = await m.save(
          m.create(User, {
            email,
            emailSkeleton: emailSkeleton(email),
            name,
            role: dto.role,
            passwordHash,
            createdAt: now,
          }),
        );
        // The audit trail: who made which account with which role (not its name or email).
        await this.events.record(m, {
          aggregateType: 'user',
          aggregateId: created.id,
          type: 'user.created',
          actor,
          occurredAt: now,
          data: { role: dto.role },
        });
        return created;
      });
      return toUserView(user);
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') {
        const lookAlike = (err.driverError as { constraint?: string }).constraint === 'users_email_skeleton_key';
        throw new EmailTakenError(lookAlike);
      }
      throw err;
    }
  }

  async me(actor: StaffActor): Promise<UserView> {
    const user = await this.users.findOneBy({ id: actor.id });
    if (!user) throw new UserNotFoundError();
    return toUserView(user);
  }

  /** The user when the password matches, otherwise null (same cost either way). Deactivated users are returned too: the caller refuses them after the same work. */
  async verifyCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = :email', { email: normaliseEmail(email) })
      .getOne();
    if (!user) {
      await argon2.verify(await DUMMY_HASH, password);
      return null;
    }
    return (await argon2.verify(user.passwordHash, password)) ? user : null;
  }

  /** Every staff account, oldest first, for the admins' list. */
  async list(): Promise<StaffAccountView[]> {
    return (await this.accountsOldestFirst()).map(toStaffAccountView);
  }

  /** The same list with when each account was made, for the admin page. */
  async listWithCreation(): Promise<(StaffAccountView & { createdAt: Date })[]> {
    return (await this.accountsOldestFirst()).map((u) => ({ ...toStaffAccountView(u), createdAt: u.createdAt }));
  }

  private accountsOldestFirst(): Promise<User[]> {
    return this.users.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** In the caller's transaction when `manager` is given (a caller holding one must not wait for a second connection). */
  findByIds(ids: string[], manager?: EntityManager): Promise<User[]> {
    const users = manager ? manager.getRepository(User) : this.users;
    return ids.length === 0 ? Promise.resolve([]) : users.createQueryBuilder('u').whereInIds(ids).getMany();
  }

  /**
   * Locks the user's row until the caller's transaction ends; true when the account is active. Deactivation
   * locks the same row, so work that must not outlive an account (a reviewer's claims and completions) cannot
   * slip between this check and its own writes. False for a deactivated or unknown account.
   */
  async lockActive(manager: EntityManager, userId: string): Promise<boolean> {
    const rows = await manager.query<
      {
        active: boolean;
      }[]
    >(`SELECT active FROM users WHERE id = $1 FOR UPDATE`, [userId]);
    return rows[0]?.active === true;
  }

  /**
   * Changes an account in the caller's transaction: its row locked, and every active admin's first when the role
   * or activity changes, so two admins demoting each other at once cannot leave none (409 for the last admin).
   */
  async changeAccount(manager: EntityManager, id: string, changes: AccountChanges): Promise<AccountChange> {
    const changesAdmins = changes.role !== undefined || changes.active !== undefined;
    // Always in id order, before the account's own row: one lock order for every update.
    const admins = changesAdmins
      ? await manager.query<{ id: string }[]>(
          `SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`,
        )
      : [];
    const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new UserNotFoundError();
    const before = { name: user.name, role: user.role, active: user.active };
    const after = {
      name: changes.name?.trim() ?? user.name,
      role: changes.role ?? user.role,
      active: changes.active ?? user.active,
    };
    const wasActiveAdmin = before.role === 'admin' && before.active;
    const staysActiveAdmin = after.role === 'admin' && after.active;
    if (wasActiveAdmin && !staysActiveAdmin && admins.length <= 1) throw new LastAdminError();
    await manager.update(User, { id }, after);
    return { before, after, account: toStaffAccountView(Object.assign(user, after)) };
  }

  /** Active users of a role (who gets reminders and notices); deactivated people get nothing. */
  findByRole(role: UserRole): Promise<User[]> {
    return this.users.find({ where: { role, active: true }, order: { createdAt: 'ASC' } });
  }

  /**
   * First start: create the admin from ADMIN_EMAIL / ADMIN_PASSWORD, or, with none given, a generated
   * one whose password is printed once. Safe when several instances start together (unique email).
   */
  async ensureFirstAdmin(email: string | undefined, password: string | undefined): Promise<void> {
    if (await this.users.existsBy({ role: 'admin' })) return;
    const generated = !email || !password;
    const credentials = {
      email: email ?? 'admin@candor.local',
      password: password ?? randomBytes(12).toString('base64url'),
    };
    try {
      await this.create({ ...credentials, name: 'Administrator', role: 'admin' });
    } catch (err) {
      if (err instanceof EmailTakenError) return;
      // Stops start-up with one line naming the setting, like any other bad setting.
      if (err instanceof RequestValidationError)
        throw new ConfigurationError(
          `ADMIN_PASSWORD ${err.fieldErrors?.[0]?.message.replace(/^password /, '') ?? 'is too weak'}`,
        );
      throw err;
    }
    if (generated) {
      // Printed once, on purpose: this is the only way to learn a generated first password.
      process.stdout.write(`\nCandor created the first admin: ${credentials.email} / ${credentials.password}\n\n`);
    } else {
      this.logger.log(`created the first admin ${credentials.email}`);
    }
  }
}
