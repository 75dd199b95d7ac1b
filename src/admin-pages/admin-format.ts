// Shared by the admin page's presenter and its script (rows the script adds read like the server's). No imports
// that reach the server's libraries: the browser bundle includes this file.
import { utcMinute } from '../common/clock/utc-text.js';

export const ROLE_LABELS: Record<string, string> = { reviewer: 'Reviewer', recruiter: 'Recruiter', admin: 'Admin' };
export const PROVIDER_LABELS: Record<string, string> = { greenhouse: 'Greenhouse', ashby: 'Ashby' };

/** Where an outbound call goes (the deliveries' `target`); the DTO checks these are every target there is. */
export const DELIVERY_TARGET_LABELS = { webhook: 'Webhook', greenhouse: 'Greenhouse', ashby: 'Ashby' };
/** A delivery's state in words, and its badge: the word carries the meaning, the colour only repeats it. */
export const DELIVERY_STATUS_LABELS = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' };
export const DELIVERY_STATUS_BADGES: Record<string, string> = {
  pending: 'badge pending',
  delivered: 'badge ok',
  failed: 'badge warn',
};

/** What a webhook event means, beside its name on the registration form. */
export const WEBHOOK_EVENT_HINTS: Record<string, string> = {
  'invitation.started': 'a candidate started their attempt',
  'submission.created': 'an attempt was handed in',
  'review.claimed': 'a reviewer claimed a submission',
  'feedback.sent': 'feedback went to the candidate',
  'feedback.overdue': 'feedback is past its due time',
  'invitation.expired': 'an invitation was not started in time',
  'invitation.withdrawn': 'a recruiter withdrew an invitation',
};

export const ACTOR_LABELS: Record<string, string> = {
  staff: 'Staff',
  candidate: 'Candidate',
  system: 'Candor',
  integration: 'Integration',
};

/** How many deliveries and audit entries the page shows at once. */
export const DELIVERIES_SHOWN = 50;
export const AUDIT_SHOWN = 50;

/** The last answer of a delivery: why it failed, else the status code, else a dash (never tried). */
export const lastResult = (d: { lastStatusCode: number | null; lastError: string | null }): string =>
  d.lastError ?? (d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : '—');

/** When a delivery went through, or when it is tried next, or that it was given up. */
export const deliveryOutcome = (d: {
  status: string;
  deliveredAt: Date | string | null;
  nextAttemptAt: Date | string | null;
}): string =>
  d.status === 'delivered' && d.deliveredAt
    ? utcMinute(new Date(d.deliveredAt))
    : d.status === 'pending' && d.nextAttemptAt
      ? `Next try ${utcMinute(new Date(d.nextAttemptAt))}`
      : d.status === 'failed'
        ? 'Given up'
        : '—';

/** An audit entry's facts, compact: `key=value` pairs in the order they were recorded. */
export const auditData = (data: Record<string, string | number | boolean | null> | null | undefined): string =>
  Object.entries(data ?? {})
    .map(([key, value]) => `${key}=${value === null ? 'null' : String(value)}`)
    .join(' ');
