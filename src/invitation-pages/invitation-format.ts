// Shared by the invitations page's presenter and its script (what the script writes reads like the server's).
import { utcMinute } from '../common/clock/utc-text.js';

/** A time or a dash when there is none yet. */
export const whenOrDash = (d: Date | string | null | undefined): string => (d ? utcMinute(new Date(d)) : '—');

export const STATUS_LABELS: Record<string, string> = {
  invited: 'Invited',
  started: 'Started',
  submitted: 'Submitted',
  in_review: 'In review',
  feedback_sent: 'Feedback sent',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};

/** Who handed the attempt in. */
export const SUBMITTED_BY_LABELS: Record<string, string> = {
  candidate: 'by the candidate',
  deadline: 'automatically at the deadline',
};

/** Statuses in which a recruiter may still extend, withdraw or resend. */
export const CHANGEABLE_STATUSES: readonly string[] = ['invited', 'started'];

const FIELD_LABELS: Record<string, string> = {
  candidateName: 'name',
  candidateEmail: 'email',
  extraMinutes: 'extra minutes',
};

/** "rows[3].candidateEmail" → "Row 3, email"; "header" → "Header row"; "rows" → "The file". */
export function rowFieldLabel(field: string): string {
  const match = /^rows\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (match) return match[2] ? `Row ${match[1]}, ${FIELD_LABELS[match[2]] ?? match[2]}` : `Row ${match[1]}`;
  if (field === 'header') return 'Header row';
  if (field === 'rows') return 'The file';
  return FIELD_LABELS[field] ?? field;
}

/** A validator's message names the field by its code name ("candidateEmail must be an email"): say it plainly. */
export function plainMessage(message: string): string {
  return message.replace(/^(candidateName|candidateEmail|extraMinutes)\b/, (name) => FIELD_LABELS[name] ?? name);
}
