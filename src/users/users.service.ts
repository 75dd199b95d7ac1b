import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { QueryFailedError, type Repository } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { type StaffActor } from '../auth/auth.decorators.js';
import { type CreateUserDto } from './dto/create-user.dto.js';
import { toUserView, User, type UserRole, type UserView } from './user.entity.js';
import { EmailTakenError, UserNotFoundError } from './user.errors.js';

// Compared against when the email is unknown, so a miss costs as much time as a wrong password.
const DUMMY_HASH = argon2.hash('candor-timing-equaliser');

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await argon2.hash(dto.password);
    try {
      const user = await this.users.save(
        this.users.create({ email: dto.email.trim(), name: dto.name.trim(), role: dto.role, passwordHash, createdAt: this.clock.now() }),
      );
      return toUserView(user);
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') throw new EmailTakenError();
      throw err;
    }
  }

  async me(actor: StaffActor): Promise<UserView> {
    const user = await this.users.findOneBy({ id: actor.id });
    if (!user) throw new UserNotFoundError();
    return toUserView(user);
  }

  /** The user when the password matches, otherwise null (same cost either way). */
  async verifyCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
    if (!user) {
      await argon2.verify(await DUMMY_HASH, password);
      return null;
    }
    return (await argon2.verify(user.passwordHash, password)) ? user : null;
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.users.createQueryBuilder('u').whereInIds(ids).getMany();
  }

  findByRole(role: UserRole): Promise<User[]> {
    return this.users.find({ where: { role }, order: { createdAt: 'ASC' } });
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
