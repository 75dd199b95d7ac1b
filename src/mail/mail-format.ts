import { fill, type Locale, messagesFor } from '../common/i18n/catalogue.js';

const HOURS_PER_DAY = 24;

/** How candidates' emails write dates, durations and numbers: one language throughout, from the catalogue. */
export interface MailFormat {
  /** A moment in UTC as a person reads it: "Thursday 3 December 2026, 14:05 UTC" (no seconds, no "GMT"). */
  dateTime(at: Date): string;
  /** "1 minute", "60 minutes". */
  minutes(count: number): string;
  /** A feedback window in the largest whole unit: 120 hours is "5 days", 36 hours "36 hours". */
  period(hours: number): string;
  number(value: number): string;
}

/** The formats of a language; cached, since Intl formatters are costly to build and every email needs one. */
export function mailFormat(locale: Locale): MailFormat {
  let format = CACHE.get(locale);
  if (!format) {
    format = build(locale);
    CACHE.set(locale, format);
  }
  return format;
}

const CACHE = new Map<Locale, MailFormat>();

function build(locale: Locale): MailFormat {
  const f = messagesFor(locale).emails.format;
  const numbers = new Intl.NumberFormat(f.locale, { maximumFractionDigits: 0 });
  const parts = new Intl.DateTimeFormat(f.locale, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const number = (value: number): string => numbers.format(value);
  return {
    dateTime: (at) => {
      const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
      return fill(f.dateTime, {
        weekday: p.weekday,
        day: p.day,
        month: p.month,
        year: p.year,
        hour: p.hour,
        minute: p.minute,
      });
    },
    minutes: (count) => f.minutes(count, number(count)),
    period: (hours) =>
      hours % HOURS_PER_DAY === 0
        ? f.days(hours / HOURS_PER_DAY, number(hours / HOURS_PER_DAY))
        : f.hours(hours, number(hours)),
    number,
  };
}
