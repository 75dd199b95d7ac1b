// The script's text and date formats, from the message catalogue the server embedded in the page
// (`<script type="application/json" id="page-messages">`): the page and its script speak one language.
import { type CANDIDATE_PAGE_EN } from '../../../common/i18n/en/candidate-page.js';

export type ScriptMessages = (typeof CANDIDATE_PAGE_EN)['script'] & { dateLocale: string };

function readMessages(): ScriptMessages {
  const block = document.getElementById('page-messages');
  return JSON.parse(block?.textContent ?? '{}') as ScriptMessages;
}

export const M: ScriptMessages = readMessages();

/** Fills `{name}` placeholders (as the server's `fill`; a missing value is left visible rather than thrown). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** `one` for 1, else `other`, with {n} filled. */
export const plural = (n: number, one: string, other: string): string => fill(n === 1 ? one : other, { n });

// In the page's language (never the browser's default), in the candidate's own time zone.
const DATE_TIME = new Intl.DateTimeFormat(M.dateLocale, {
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});
/** The sticky bar's end time: short enough for a phone's width. */
const BAR_DATE_TIME = new Intl.DateTimeFormat(M.dateLocale, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});
const TIME = new Intl.DateTimeFormat(M.dateLocale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const SHORT_TIME = new Intl.DateTimeFormat(M.dateLocale, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
const NUMBER = new Intl.NumberFormat(M.dateLocale);

export const localDateTime = (iso: string): string => DATE_TIME.format(new Date(iso));
export const localTime = (iso: string): string => TIME.format(new Date(iso));
export const localShortTime = (iso: string): string => SHORT_TIME.format(new Date(iso));
export const formatNumber = (n: number): string => NUMBER.format(n);

/** A time element's text: `data-format="short"` asks for the sticky bar's short form. */
const timeText = (el: HTMLElement, iso: string): string =>
  el.dataset.format === 'short' ? BAR_DATE_TIME.format(new Date(iso)) : localDateTime(iso);

export function setTime(el: HTMLElement | null, iso: string): void {
  if (!el) return;
  el.setAttribute('datetime', iso);
  el.textContent = timeText(el, iso);
}

/** The server writes times in UTC; the script rewrites them in the candidate's zone, in the page's language. */
export function localiseTimes(): void {
  document.querySelectorAll<HTMLTimeElement>('time.local-time[datetime]').forEach((el) => {
    const iso = el.getAttribute('datetime');
    if (iso) el.textContent = timeText(el, iso);
  });
}
