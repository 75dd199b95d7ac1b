import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { EventsService } from '../events/events.service.js';
import { toUserView } from '../users/user.view.js';
import { UsersService } from '../users/users.service.js';
import { InvalidCredentialsError } from './auth.errors.js';
import { type LoginDto } from './dto/login.dto.js';
import { type LoginResult } from './login-result.view.js';
import { LoginThrottle } from './login-throttle.service.js';
import { StaffSessionsService } from './staff-sessions.service.js';
import { type StaffClaims } from './staff-auth.guard.js';

/** Who is signing in from where: the client address counts toward the login limit; `via` goes in the event. */
export interface LoginClient {
  address: string;
  via: 'api' | 'page';
}

/** The aggregate of a refused sign-in whose account is not known (the nil UUID). */
const UNKNOWN_ACCOUNT = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly sessions: StaffSessionsService,
    private readonly events: EventsService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One sign-in, for the API and the page alike: limited, then checked, then a new session. */
  async login(dto: LoginDto, client: LoginClient): Promise<LoginResult> {
    await this.throttle.hit(client.address, dto.email);
    const user = await this.users.verifyCredentials(dto.email, dto.password);
    // A deactivated person gets the same answer as a wrong password (after the same work), so nothing tells them apart.
    const now = this.clock.now();
    if (!user || !user.active) {
      this.logger.log({ via: client.via }, 'sign-in refused');
      await this.recordRefusal(user, client, now);
      throw new InvalidCredentialsError();
    }
    const sessionId = await this.dataSource.transaction(async (m) => {
      const id = await this.sessions.open(m, user.id, now);
      await this.events.record(m, {
        aggregateType: 'user',
        aggregateId: user.id,
        type: 'user.signed_in',
        actor: { type: 'staff', id: user.id },
        occurredAt: now,
        data: { sessionId: id, via: client.via },
      });
      return id;
    });
    const claims: StaffClaims = { sub: user.id, role: user.role, typ: 'staff', sid: sessionId };
    return { accessToken: await this.jwt.signAsync(claims), user: toUserView(user) };
  }

  /**
   * A refused sign-in, for the audit trail: the account when it is known (a deactivated one; a wrong password
   * does not say whose account it was), else the nil id, and never the email typed. Every refusal writes the
   * same one row, so the time it takes does not tell a known address from an unknown one.
   */
  private async recordRefusal(user: { id: string } | null, client: LoginClient, now: Date): Promise<void> {
    await this.dataSource.transaction((m) =>
      this.events.record(m, {
        aggregateType: 'user',
        aggregateId: user?.id ?? UNKNOWN_ACCOUNT,
        type: 'user.sign_in_failed',
        // Nobody was identified: the credential was refused.
        actor: { type: 'staff', id: null },
        occurredAt: now,
        data: { via: client.via, reason: user ? 'inactive' : 'credentials' },
      }),
    );
  }

  /** Ends one session at once, on every instance (the guard looks the session up on each request). */
  async logout(userId: string, sessionId: string): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      if (!(await this.sessions.revoke(m, sessionId, now))) return;
      await this.events.record(m, {
        aggregateType: 'user',
        aggregateId: userId,
        type: 'user.signed_out',
        actor: { type: 'staff', id: userId },
        occurredAt: now,
        data: { sessionId },
      });
    });
  }

  /** The live session a token stands for, or null (bad, expired or signed out): for the page's sign-out. */
  async sessionOf(token: string): Promise<{ userId: string; sessionId: string } | null> {
    let claims: StaffClaims;
    try {
      claims = await this.jwt.verifyAsync<StaffClaims>(token);
    } catch {
      return null;
    }
    if (claims.typ !== 'staff' || typeof claims.sid !== 'string') return null;
    const live = await this.sessions.findLive(claims.sid, claims.sub);
    return live ? { userId: claims.sub, sessionId: claims.sid } : null;
  }
}
