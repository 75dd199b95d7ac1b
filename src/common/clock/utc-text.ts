// Dates as the staff pages show them, in UTC. No imports: the pages' browser scripts (src/web/browser) use it too,
// so what a script writes reads like what the server rendered.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** "3 Dec", for chart axes. */
export const utcShortDay = (d: Date): string => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;

/** "3 Dec 2026". */
export const utcDay = (d: Date): string => `${utcShortDay(d)} ${d.getUTCFullYear()}`;

/** "3 Dec 2026, 14:05 UTC". */
export const utcMinute = (d: Date): string => `${utcDay(d)}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
