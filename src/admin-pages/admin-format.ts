// Shared by the admin page's presenter and its script (rows the script adds read like the server's).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** "3 Dec 2026, 14:05 UTC". */
export function utcMinute(d: Date): string {
  return (
    `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`
  );
}

export const ROLE_LABELS: Record<string, string> = { reviewer: 'Reviewer', recruiter: 'Recruiter', admin: 'Admin' };
export const PROVIDER_LABELS: Record<string, string> = { greenhouse: 'Greenhouse', ashby: 'Ashby' };
