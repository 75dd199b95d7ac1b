/**
 * Anchoring a reviewer's comment to a passage of the candidate's answer, as a W3C Web Annotation
 * TextQuoteSelector (`exact`, with `prefix`/`suffix` to pick one of several matches). Offsets are in Unicode
 * code points, as the Web Annotation model counts characters, so an emoji before the passage moves it by one.
 * Pure: used by the feedback rules (is the quote there?), the service (offsets stored with the feedback) and
 * the pages (highlighting).
 */

export interface TextQuote {
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** A quote as stored: found in the answer, with the context around it and its code-point offsets. */
export interface AnchoredQuote {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

/** A passage shorter than this (visible characters) anchors nothing useful ("the", "a;"). */
export const QUOTE_MIN_CHARS = 8;
/** How much context is kept on each side of a stored quote. */
export const QUOTE_CONTEXT_CHARS = 32;
/** How much of a quote's prefix and suffix is compared, in UTF-16 units (QUOTE_CONTEXT_CHARS code points fit). */
const CONTEXT_COMPARED = 2 * QUOTE_CONTEXT_CHARS;

const codePoints = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** Characters shared at the end of `a` and the end of `b`. */
function commonTail(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Characters shared at the start of `a` and `b`. */
function commonHead(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Where the quote is in the text, in UTF-16 units, or null when `exact` does not occur. With several matches,
 * the one whose surroundings agree best with `prefix` and `suffix` wins; on a tie, the first.
 */
function locate(text: string, quote: TextQuote): { from: number; to: number } | null {
  const { exact } = quote;
  if (exact.length === 0) return null;
  // Only the context next to the passage decides (what anchorQuote stores, in UTF-16 units): a long prefix
  // compared at every one of many matches took seconds.
  const prefix = quote.prefix?.slice(-CONTEXT_COMPARED);
  const suffix = quote.suffix?.slice(0, CONTEXT_COMPARED);
  let best: { from: number; score: number } | null = null;
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) {
    const score =
      (prefix ? commonTail(text.slice(0, i), prefix) : 0) +
      (suffix ? commonHead(text.slice(i + exact.length), suffix) : 0);
    if (!best || score > best.score) best = { from: i, score };
  }
  return best && { from: best.from, to: best.from + exact.length };
}

/** The quote anchored in `text` (offsets in code points, context stored), or null when it is not there. */
export function anchorQuote(text: string, quote: TextQuote): AnchoredQuote | null {
  const found = locate(text, quote);
  if (!found) return null;
  const start = codePoints(text.slice(0, found.from));
  return {
    exact: quote.exact,
    prefix: Array.from(text.slice(0, found.from)).slice(-QUOTE_CONTEXT_CHARS).join(''),
    suffix: Array.from(text.slice(found.to)).slice(0, QUOTE_CONTEXT_CHARS).join(''),
    start,
    end: start + codePoints(quote.exact),
  };
}

/** One run of an answer for display: plain text, or a passage that the listed comments (by index) point at. */
export interface QuoteSegment {
  text: string;
  comments: number[];
}

/**
 * Cuts `text` into runs at every quote boundary, so a page can wrap each commented run in a highlight.
 * Overlapping quotes give runs that carry several comment indices.
 */
export function segmentByQuotes(text: string, ranges: readonly { start: number; end: number }[]): QuoteSegment[] {
  const chars = Array.from(text);
  const cuts = new Set<number>([0, chars.length]);
  for (const r of ranges) {
    cuts.add(Math.max(0, Math.min(chars.length, r.start)));
    cuts.add(Math.max(0, Math.min(chars.length, r.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: QuoteSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    if (from === to) continue;
    const comments = ranges.flatMap((r, index) => (r.start <= from && r.end >= to ? [index] : []));
    segments.push({ text: chars.slice(from, to).join(''), comments });
  }
  return segments;
}
