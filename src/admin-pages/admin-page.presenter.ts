import { Injectable } from '@nestjs/common';
import { type StaffActor } from '../common/auth/staff-route.decorators.js';
import { type UserRole } from '../common/auth/staff-role.js';
import { DeliveriesService } from '../deliveries/deliveries.service.js';
import { IntegrationKeysService } from '../integrations/integration-keys.service.js';
import { REQUEST_ERRORS_SHOWN, RequestErrorsService } from '../integrations/request-errors.service.js';
import { UsersService } from '../users/users.service.js';
import { staffNav, type StaffNavLink } from '../web-auth/staff-nav.js';
import { utcMinute } from '../common/clock/utc-text.js';
import { WEBHOOK_EVENTS } from '../webhooks/webhook-events.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import {
  AUDIT_SHOWN,
  DELIVERIES_SHOWN,
  DELIVERY_STATUS_BADGES,
  DELIVERY_STATUS_LABELS,
  DELIVERY_TARGET_LABELS,
  deliveryOutcome,
  lastResult,
  PROVIDER_LABELS,
  ROLE_LABELS,
  WEBHOOK_EVENT_HINTS,
} from './admin-format.js';
import {
  type AdminPageQueryDto,
  DELIVERY_STATUS_CHOICES,
  DELIVERY_TARGET_CHOICES,
} from './dto/admin-page-query.dto.js';

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

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  created: string;
}

export interface EventChoice {
  value: string;
  hint: string;
}

export interface DeliveryRow {
  id: string;
  targetLabel: string;
  /** The webhook's host or the integration key's name, when it is still known. */
  targetName: string | null;
  event: string;
  statusLabel: string;
  badge: string;
  attempts: number;
  lastResult: string;
  created: string;
  outcome: string;
}

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface AdminPage {
  nav: StaffNavLink[];
  accounts: AccountRow[];
  newAccountRoles: RoleOption[];
  keys: KeyRow[];
  webhooks: WebhookRow[];
  webhookEvents: EventChoice[];
  deliveries: DeliveryRow[];
  deliveryFilters: { targets: Option[]; statuses: Option[]; filtered: boolean };
  /** "The newest 50 pending outbound calls to webhooks." */
  deliveriesSummary: string;
  requestErrors: RequestErrorRow[];
  requestErrorsShown: number;
  auditShown: number;
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
    private readonly webhooks: WebhooksService,
    private readonly deliveries: DeliveriesService,
  ) {}

  async page(actor: StaffActor, query: AdminPageQueryDto = {}): Promise<AdminPage> {
    const [accounts, keys, reports, webhooks, deliveries] = await Promise.all([
      this.users.listWithCreation(),
      this.keys.list(),
      this.requestErrors.listRecent(),
      this.webhooks.list(),
      this.deliveries.list({ target: query.target, status: query.status, limit: DELIVERIES_SHOWN }),
    ]);
    // A delivery names its webhook or key by id: the page shows the webhook's host (its path may hold the
    // receiver's secrets) or the key's name.
    const targetNames = new Map<string, string>([
      ...webhooks.map((w) => [w.id, hostOf(w.url)] as const),
      ...keys.map((k) => [k.id, k.name] as const),
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
      // Newest first, as the keys.
      webhooks: [...webhooks].reverse().map((w) => ({
        id: w.id,
        url: w.url,
        events: w.events,
        created: utcMinute(w.createdAt),
      })),
      webhookEvents: WEBHOOK_EVENTS.map((value) => ({ value, hint: WEBHOOK_EVENT_HINTS[value] ?? '' })),
      deliveries: deliveries.map((d) => ({
        id: d.id,
        targetLabel: DELIVERY_TARGET_LABELS[d.target],
        targetName: targetNames.get(d.targetId) ?? null,
        event: d.event,
        statusLabel: DELIVERY_STATUS_LABELS[d.status],
        badge: DELIVERY_STATUS_BADGES[d.status],
        attempts: d.attempts,
        lastResult: lastResult(d),
        created: utcMinute(d.createdAt),
        outcome: deliveryOutcome(d),
      })),
      deliveryFilters: {
        targets: DELIVERY_TARGET_CHOICES.map((value) => ({
          value,
          label: DELIVERY_TARGET_LABELS[value],
          selected: value === query.target,
        })),
        statuses: DELIVERY_STATUS_CHOICES.map((value) => ({
          value,
          label: DELIVERY_STATUS_LABELS[value],
          selected: value === query.status,
        })),
        filtered: query.target !== undefined || query.status !== undefined,
      },
      deliveriesSummary: deliveriesSummary(query),
      auditShown: AUDIT_SHOWN,
    };
  }
}

const TARGET_PHRASES: Record<string, string> = {
  webhook: 'to webhooks',
  greenhouse: 'to Greenhouse',
  ashby: 'to Ashby',
};

function deliveriesSummary(query: AdminPageQueryDto): string {
  const to = query.target ? ` ${TARGET_PHRASES[query.target]}` : '';
  const state = query.status ? ` ${query.status}` : '';
  return `The newest ${DELIVERIES_SHOWN}${state} outbound calls${to}.`;
}

/** A URL's host (with its port), or the text itself when it is not a URL. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
