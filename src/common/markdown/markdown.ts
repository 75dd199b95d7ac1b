import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Own instance: marked's global options are shared process-wide.
const marked = new Marked({ gfm: true, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.filter((tag) => !['h1', 'h2'].includes(tag)).concat(['img']),
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], code: ['class'], th: ['align'], td: ['align'] },
  // No javascript:, data: or vbscript: links; images only from the page's own origin (the CSP allows no more).
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  // A reading sits under its own <h2>: its headings start one level below.
  transformTags: {
    h1: 'h3',
    h2: 'h3',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
  },
  disallowedTagsMode: 'discard',
};

/** Recruiter-written Markdown as HTML that is safe to place in a page (the candidate's, the reviewer's). */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string, SANITIZE);
}
