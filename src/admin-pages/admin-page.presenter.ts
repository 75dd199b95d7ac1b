import { Injectable } from '@nestjs/common';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { type UserRole } from '../common/auth/staff-role.js';
import { IntegrationKeysService } from '../integrations/integration-keys.service.js';
import { REQUEST_ERRORS_SHOWN, RequestErrorsService } from '../integrations/request-errors.service.js';
import { UsersService } from '../users/users.service.js';
import { staffNav, type StaffNavLink } from '../web-auth/staff-nav.js';
import { utcMinute } from '../common/clock/utc-text.js';
import { PROVIDER_LABELS, ROLE_LABELS } from './admin-format.js';

export const ADMIN_PAGE_TEMPLATE = 'admin-pages/admin-page.hbs';

export interface RoleOption {
  value: string;
  label: string;
  selected: boolean;
}

export interface AccountRow {
  id: string;
  name: string;
  email: string;
  role: string;
  roles: RoleOption[];
  active: boolean;
  created: string;
  /** The signed-in admin's own account. */
  self: boolean;
}

export interface KeyRow {
  id: string;
  name: string;
  provider: string;
  created: string;
  lastUsed: string;
  revoked: string | null;
}

export interface RequestErrorRow {
  received: string;
  provider: string;
  apiCall: string;
  errors: string[];
  partnerTestId: string;
  partnerInterviewId: string;
  candidateEmail: string;
}

export interface AdminPage {
  nav: StaffNavLink[];
  accounts: AccountRow[];
  newAccountRoles: RoleOption[];
  keys: KeyRow[];
  requestErrors: RequestErrorRow[];
  requestErrorsShown: number;
}

/** From least to most power, as the choices read. */
const ROLE_ORDER: readonly UserRole[] = ['reviewer', 'recruiter', 'admin'];

const roleOptions = (selected: string): RoleOption[] =>
  ROLE_ORDER.map((value) => ({ value, label: ROLE_LABELS[value] ?? value, selected: value === selected }));

/** The admin page's data: accounts, integration keys and ATS error reports, formatted for people. */
@Injectable()
export class AdminPagePresenter {
  constructor(
    private readonly users: UsersService,
    private readonly keys: IntegrationKeysService,
    private readonly requestErrors: RequestErrorsService,
  ) {}

  async page(actor: StaffActor): Promise<AdminPage> {
    const [accounts, keys, reports] = await Promise.all([
      this.users.listWithCreation(),
      this.keys.list(),
      this.requestErrors.listRecent(),
    ]);
    return {
      nav: staffNav(actor.role, '/admin'),
      accounts: accounts.map((a) => ({
        id: a.id,
        name: a.name,
        email: a.email,
        role: a.role,
        roles: roleOptions(a.role),
        active: a.active,
        created: utcMinute(a.createdAt),
        self: a.id === actor.id,
      })),
      newAccountRoles: roleOptions('reviewer'),
      // Newest first: the key just made is the one people look for.
      keys: keys.reverse().map((k) => ({
        id: k.id,
        name: k.name,
        provider: PROVIDER_LABELS[k.provider] ?? k.provider,
        created: utcMinute(k.createdAt),
        lastUsed: k.lastUsedAt ? utcMinute(k.lastUsedAt) : 'Never',
        revoked: k.revokedAt ? utcMinute(k.revokedAt) : null,
      })),
      requestErrors: reports.map((r) => ({
        received: utcMinute(r.receivedAt),
        provider: PROVIDER_LABELS[r.provider] ?? r.provider,
        apiCall: r.apiCall ?? 'Not given',
        errors: r.errors,
        partnerTestId: r.partnerTestId ?? '—',
        partnerInterviewId: r.partnerInterviewId ?? '—',
        candidateEmail: r.candidateEmail ?? '—',
      })),
      requestErrorsShown: REQUEST_ERRORS_SHOWN,
    };
  }
}
