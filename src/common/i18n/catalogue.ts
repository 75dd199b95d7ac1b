// Every text a candidate reads (the candidate's page, its script and the emails) comes from one catalogue per
// language. English is complete; another language is a new folder beside en/ whose object has the same shape
// (the type below makes a missing or extra message a compile error), added to CATALOGUES.
import { EN } from './en/index.js';

export const LOCALES = ['en'] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageCatalogue = typeof EN;

const CATALOGUES: Record<Locale, MessageCatalogue> = { en: EN };

/** The catalogue of a language (English until another exists). */
export const messagesFor = (locale: Locale): MessageCatalogue => CATALOGUES[locale];

/**
 * The page's language from the browser's Accept-Language: the first listed language Candor has, else English.
 * Dates and numbers are then written in that same language, so a page never mixes two.
 */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase().split('-')[0];
    const found = LOCALES.find((l) => l === tag);
    if (found) return found;
  }
  return 'en';
}

/** Fills `{name}` placeholders; a placeholder without a value is a programming error, so it throws. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {${name}} in "${template}"`);
    return String(value);
  });
}
