import { type FieldError } from '../common/errors/problem-details.dto.js';
import { markdownAsText, renderMarkdownWithin } from '../common/markdown/markdown.js';

/**
 * A version's Markdown as sanitised HTML, rendered once when it is published and stored beside its sections
 * (`assessment_versions.rendered`): the candidate's and the reviewer's pages read it and never render Markdown.
 */
export interface RenderedContent {
  /** Each reading's body, in the order of the version's readings. */
  readings: string[];
  /** Each question's prompt, by question key. */
  prompts: Record<string, string>;
}

/** What a version inserted without rendering holds (the column's default): pages then show the text as it is. */
export const NOTHING_RENDERED: RenderedContent = { readings: [], prompts: {} };

/** The parts of a section that are Markdown; a plain shape, so migrations and tests can pass stored JSON. */
interface MarkdownSection {
  kind: string;
  body?: string;
  key?: string;
  prompt?: string;
}

export interface RenderedSections {
  rendered: RenderedContent;
  /** The fields the bound refused (`sections[3].body`); their HTML is the Markdown shown as text. */
  refusals: FieldError[];
}

/** Renders every reading body and question prompt within the Markdown bound. */
export function renderSections(sections: readonly MarkdownSection[]): RenderedSections {
  const readings: string[] = [];
  const prompts: [string, string][] = [];
  const refusals: FieldError[] = [];
  const render = (markdown: string, field: string): string => {
    const result = renderMarkdownWithin(markdown);
    if (result.refusal === undefined) return result.html;
    refusals.push({ field, message: `${field.slice(field.lastIndexOf('.') + 1)} ${result.refusal.message}` });
    return markdownAsText(markdown);
  };
  sections.forEach((section, i) => {
    if (section.kind === 'reading') readings.push(render(section.body ?? '', `sections[${i}].body`));
    else if (section.kind === 'question' && section.key !== undefined)
      prompts.push([section.key, render(section.prompt ?? '', `sections[${i}].prompt`)]);
  });
  // fromEntries defines own properties: a key such as "constructor" is stored like any other.
  return { rendered: { readings, prompts: Object.fromEntries(prompts) }, refusals };
}

/** The stored HTML of the reading at `index`; its text, escaped, when the version has none stored. */
export function readingHtml(rendered: RenderedContent, index: number, body: string): string {
  return rendered.readings?.[index] ?? markdownAsText(body);
}

/** The stored HTML of a question's prompt; its text, escaped, when the version has none stored. */
export function promptHtml(rendered: RenderedContent, key: string, prompt: string): string {
  const prompts = rendered.prompts ?? {};
  const html = Object.hasOwn(prompts, key) ? prompts[key] : undefined;
  return typeof html === 'string' ? html : markdownAsText(prompt);
}
