import { anchorQuote, QUOTE_CONTEXT_CHARS, segmentByQuotes } from './text-quote.js';

const answer = 'First I store the key. Then, on a retry, I store the key again; finally I store the key in Redis.';

describe('text quotes', () => {
  describe('anchorQuote', () => {
    it('should return the passage with its code-point offsets and context when the quote is in the text', () => {
      expect(anchorQuote('The retry loop never stops.', { exact: 'retry loop' })).toEqual({
        exact: 'retry loop',
        prefix: 'The ',
        suffix: ' never stops.',
        start: 4,
        end: 14,
      });
    });

    it('should count an emoji before the passage as one character when computing offsets', () => {
      const text = '🎉 retries never stop';
      expect(text.indexOf('retries')).toBe(3); // UTF-16 units
      expect(anchorQuote(text, { exact: 'retries never stop' })).toMatchObject({ start: 2, end: 20, prefix: '🎉 ' });
    });

    it('should count code points, not UTF-16 units or graphemes, when the passage holds emoji', () => {
      expect(anchorQuote('ok 🎉 done', { exact: '🎉 done' })).toMatchObject({ start: 3, end: 9 });
      // A thumbs-up with a skin tone is one grapheme of two code points (emoji + modifier).
      expect(anchorQuote('ok 👍🏽 done', { exact: '👍🏽 done' })).toMatchObject({ start: 3, end: 10 });
    });

    it('should return null when the quote is not in the text or is empty', () => {
      expect(anchorQuote(answer, { exact: 'store the hash' })).toBeNull();
      expect(anchorQuote(answer, { exact: '' })).toBeNull();
      expect(anchorQuote('', { exact: 'store the key' })).toBeNull();
    });

    it.each([
      ['no context', {}, 8],
      ['a prefix that matches the second', { prefix: 'on a retry, I ' }, 43],
      ['a suffix that matches the third', { suffix: ' in Redis.' }, 74],
      ['a prefix and suffix that both point at the third', { prefix: 'finally I ', suffix: ' in Redis.' }, 74],
      ['a prefix that matches the second better than the others', { prefix: 'xx retry, I ' }, 43],
      ['context that matches none (first wins)', { prefix: 'zzz', suffix: 'zzz' }, 8],
    ])('should pick the right one of several matches when given %s', (_kind, context, start) => {
      const found = anchorQuote(answer, { exact: 'store the key', ...context });
      expect(found?.start).toBe(start);
      expect(Array.from(answer).slice(found!.start, found!.end).join('')).toBe('store the key');
    });

    it('should keep at most QUOTE_CONTEXT_CHARS code points of context on each side', () => {
      const text = `${'😀'.repeat(40)}passage here${'😀'.repeat(40)}`;
      const found = anchorQuote(text, { exact: 'passage here' })!;
      expect(Array.from(found.prefix)).toHaveLength(QUOTE_CONTEXT_CHARS);
      expect(Array.from(found.suffix)).toHaveLength(QUOTE_CONTEXT_CHARS);
      expect(found.start).toBe(40);
    });

    it('should round-trip: the stored prefix and suffix find the same passage again', () => {
      const found = anchorQuote(answer, { exact: 'store the key', suffix: ' in Redis.' })!;
      expect(anchorQuote(answer, { exact: found.exact, prefix: found.prefix, suffix: found.suffix })).toEqual(found);
    });

    // A long prefix compared in full at each of many matches took seconds; only the context a stored quote keeps
    // (64 UTF-16 units) is compared, so the work per match is bounded. These pin that bound by its outcome.
    it('should prefer the first match agreeing with the near context when an earlier one agrees only further out', () => {
      const near = 'the retry loop never resets its counter after a success, sadly..';
      expect(near).toHaveLength(64);
      const prefix = 'q'.repeat(4_936) + near;
      const text = `${'Z'.repeat(100)}${near}needle!!${'-'.repeat(50)}${prefix}needle!!`;
      expect(anchorQuote(text, { exact: 'needle!!', prefix })?.start).toBe(164);
    });

    it('should anchor at the first full-context match when a long answer holds the quote many times', () => {
      const text = 'a'.repeat(100_000);
      expect(anchorQuote(text, { exact: 'aaaaaaaa', prefix: 'a'.repeat(5_000), suffix: 'b' })?.start).toBe(64);
    });
  });

  describe('segmentByQuotes', () => {
    it('should cut the text at every quote boundary when quotes overlap', () => {
      expect(
        segmentByQuotes('abcdefgh', [
          { start: 1, end: 4 },
          { start: 3, end: 6 },
        ]),
      ).toEqual([
        { text: 'a', comments: [] },
        { text: 'bc', comments: [0] },
        { text: 'd', comments: [0, 1] },
        { text: 'ef', comments: [1] },
        { text: 'gh', comments: [] },
      ]);
    });

    it('should cut at code points when the text has emoji', () => {
      expect(segmentByQuotes('ab🎉cd', [{ start: 2, end: 3 }])).toEqual([
        { text: 'ab', comments: [] },
        { text: '🎉', comments: [0] },
        { text: 'cd', comments: [] },
      ]);
    });

    it('should clamp ranges outside the text and give no empty segments', () => {
      expect(
        segmentByQuotes('abc', [
          { start: -5, end: 1 },
          { start: 2, end: 99 },
          { start: 1, end: 1 },
        ]),
      ).toEqual([
        { text: 'a', comments: [0] },
        { text: 'b', comments: [] },
        { text: 'c', comments: [1] },
      ]);
    });

    it('should give the whole text as one segment when there are no quotes', () => {
      expect(segmentByQuotes('plain answer', [])).toEqual([{ text: 'plain answer', comments: [] }]);
      expect(segmentByQuotes('', [])).toEqual([]);
    });
  });
});
