import { Lexer, Parser, type MarkedOptions, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.filter((tag) => !['h1', 'h2'].includes(tag)).concat(['img']),
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
  },
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

/**
 * How much Markdown is rendered, and how it may be shaped. marked is quadratic on some inputs (every `*`, `_`,
 * `~`, `[`, `<`, backtick, `(`, `!` or `\` of a paragraph may scan the rest of it; every line appended to a block
 * may copy the block so far) and recursive on nesting (2 000 `>` overflow the stack), so the bound is checked
 * in linear time before marked's inline lexer, the quadratic part, ever runs. With these budgets anything
 * accepted renders in well under 100 ms (measured on hostile shapes at the limits).
 */
export const MARKDOWN_LIMITS = {
  maxChars: 50_000,
  /** Block quotes, lists, emphasis and links inside each other. */
  maxNesting: 16,
  /** Σ over paragraphs of (special characters × length): what the inline lexer's scans can cost. */
  inlineWork: 2_000_000,
  /** Σ over runs of lines without a blank line of (lines × length): what the block lexer's appends can cost. */
  blockWork: 8_000_000,
  /** The backstop for whatever the budgets do not foresee: refused rather than stored. */
  renderMs: 1_000,
} as const;

/** Safety net before the block lexer (which recurses once per level): an upper bound of the real nesting. */
const PRESCAN_NESTING = 64;
const INLINE_SPECIALS = new Set(['*', '_', '~', '[', '<', '`', '(', '!', '\\']);
/** The options of every render; a fresh object each time, as marked's Lexer writes its tokenizer into it. */
const markedOptions = (): MarkedOptions => ({ gfm: true, breaks: false, pedantic: false, async: false });

export type MarkdownRefusalReason = 'too_large' | 'too_deep' | 'too_complex' | 'too_slow';

export interface MarkdownRefusal {
  reason: MarkdownRefusalReason;
  /** Completes a sentence that starts with the field's name: "body is nested …". */
  message: string;
}

export type RenderedMarkdown = { html: string; refusal?: undefined } | { html?: undefined; refusal: MarkdownRefusal };

export class MarkdownRefusedError extends Error {
  constructor(readonly refusal: MarkdownRefusal) {
    super(`Markdown refused: ${refusal.message}`);
    this.name = 'MarkdownRefusedError';
  }
}

const refused = (reason: MarkdownRefusalReason, message: string): { refusal: MarkdownRefusal } => ({
  refusal: { reason, message },
});

const TOO_DEEP = `nests block quotes, lists, emphasis or links more than ${MARKDOWN_LIMITS.maxNesting} levels deep`;

/**
 * The deepest nesting any line could open: its `>` and list markers, plus one level per two columns of
 * indentation before them (a nested list item is indented at least two columns more than its parent). Linear.
 */
export function prefixNesting(src: string): number {
  let max = 0;
  let i = 0;
  const n = src.length;
  while (i < n) {
    let markers = 0;
    let columns = 0;
    for (;;) {
      const c = src[i];
      const next = src[i + 1];
      const spaceFollows = next === undefined || next === ' ' || next === '\t' || next === '\n';
      if (c === ' ') columns += 1;
      else if (c === '\t') columns += 4;
      else if (c === '>') markers += 1;
      else if ((c === '-' || c === '+' || c === '*') && spaceFollows) markers += 1;
      else if (c !== undefined && c >= '0' && c <= '9') {
        let j = i;
        while (j < n && j - i < 9 && src[j] >= '0' && src[j] <= '9') j += 1;
        const after = src[j + 1];
        if (
          (src[j] === '.' || src[j] === ')') &&
          (after === undefined || after === ' ' || after === '\t' || after === '\n')
        ) {
          markers += 1;
          i = j;
        } else break;
      } else break;
      i += 1;
    }
    max = Math.max(max, markers + Math.floor(columns / 2));
    const newline = src.indexOf('\n', i);
    if (newline < 0) break;
    i = newline + 1;
  }
  return max;
}

/** Σ (lines × characters) over the runs of lines between blank lines. Linear. */
export function blockWork(src: string): number {
  let total = 0;
  let lines = 0;
  let length = 0;
  let start = 0;
  while (start <= src.length) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    let blank = true;
    for (let i = start; i < end && blank; i += 1) blank = src[i] === ' ' || src[i] === '\t';
    if (blank) {
      total += lines * length;
      lines = 0;
      length = 0;
    } else {
      lines += 1;
      length += end - start + 1;
    }
    start = end + 1;
  }
  return total + lines * length;
}

function inlineWork(sources: readonly { src: string }[]): number {
  let total = 0;
  for (const { src } of sources) {
    let specials = 0;
    for (let i = 0; i < src.length; i += 1) if (INLINE_SPECIALS.has(src[i])) specials += 1;
    total += specials * src.length;
  }
  return total;
}

const NESTING_TYPES = new Set(['blockquote', 'list', 'em', 'strong', 'del', 'link', 'image']);

function children(token: Token): Token[][] {
  if (token.type === 'list') return (token as Tokens.List).items.map((item) => item.tokens);
  if (token.type === 'table') {
    const table = token as Tokens.Table;
    return [...table.header, ...table.rows.flat()].map((cell) => cell.tokens);
  }
  const nested = (token as { tokens?: unknown }).tokens;
  return Array.isArray(nested) ? [nested as Token[]] : [];
}

/** How deep block quotes, lists, emphasis and links sit inside each other in marked's tokens. */
export function tokenNesting(tokens: readonly Token[]): number {
  let max = 0;
  for (const token of tokens) {
    const own = NESTING_TYPES.has(token.type) ? 1 : 0;
    let below = 0;
    for (const list of children(token)) below = Math.max(below, tokenNesting(list));
    max = Math.max(max, own + below);
  }
  return max;
}

/**
 * The bound, checked before marked's inline lexer runs: size, nesting (a linear scan, then marked's block
 * tokens), and the work the block and inline lexers could do. Returns the block-lexed document when accepted.
 */
function bound(markdown: string): { refusal: MarkdownRefusal } | { lexer: Lexer } {
  if (markdown.length > MARKDOWN_LIMITS.maxChars) {
    return refused(
      'too_large',
      `is ${markdown.length} characters long; at most ${MARKDOWN_LIMITS.maxChars} are rendered`,
    );
  }
  const src = markdown.replace(/\r\n?/g, '\n');
  if (prefixNesting(src) > PRESCAN_NESTING) return refused('too_deep', TOO_DEEP);
  if (blockWork(src) > MARKDOWN_LIMITS.blockWork) {
    return refused(
      'too_complex',
      'is too complex to render: it runs on for too many lines without a blank line; separate its paragraphs, lists and quotes with blank lines',
    );
  }
  const lexer = new Lexer(markedOptions());
  lexer.blockTokens(src, lexer.tokens);
  if (tokenNesting(lexer.tokens) > MARKDOWN_LIMITS.maxNesting) return refused('too_deep', TOO_DEEP);
  if (inlineWork(lexer.inlineQueue) > MARKDOWN_LIMITS.inlineWork) {
    return refused(
      'too_complex',
      'is too complex to render: a paragraph has too many of the characters * _ ~ ` [ < ( ! \\ for its length; split it into shorter paragraphs or use fewer of them',
    );
  }
  return { lexer };
}

/** The bound alone: why this Markdown would be refused, or null. Never runs the quadratic inline lexer. */
export function checkMarkdown(markdown: string): MarkdownRefusal | null {
  const result = bound(markdown);
  return 'refusal' in result ? result.refusal : null;
}

/**
 * Recruiter-written Markdown as HTML that is safe to place in a page (the candidate's, the reviewer's), or why
 * it is refused. Rendered once, when an assessment is published; pages read the stored HTML.
 */
export function renderMarkdownWithin(markdown: string, now: () => number = () => performance.now()): RenderedMarkdown {
  const started = now();
  const result = bound(markdown);
  if ('refusal' in result) return result;
  const { lexer } = result;
  for (const { src, tokens } of lexer.inlineQueue) lexer.inlineTokens(src, tokens);
  lexer.inlineQueue = [];
  if (tokenNesting(lexer.tokens) > MARKDOWN_LIMITS.maxNesting) return refused('too_deep', TOO_DEEP);
  const html = sanitizeHtml(new Parser(markedOptions()).parse(lexer.tokens), SANITIZE);
  if (now() - started > MARKDOWN_LIMITS.renderMs) {
    return refused('too_slow', `took more than ${MARKDOWN_LIMITS.renderMs / 1000} s to render; simplify it`);
  }
  return { html };
}

/** renderMarkdownWithin for content that was checked when it was written; a refusal is an error here. */
export function renderMarkdown(markdown: string): string {
  const rendered = renderMarkdownWithin(markdown);
  if (rendered.refusal) throw new MarkdownRefusedError(rendered.refusal);
  return rendered.html;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markdown shown as the text it is (paragraphs kept), for content written before the bound that it refuses. */
export function markdownAsText(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n(?:[ \t]*\n)+/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${p.replace(/[&<>"']/g, (c) => ESCAPES[c]).replace(/\n/g, '<br>\n')}</p>\n`)
    .join('');
}
