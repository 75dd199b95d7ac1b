import { foldText } from './feedback-rules.js';
import { NEAR_COPY_BANDS, nearCopyBands } from './near-copy-bands.js';

const shared = (a: string, b: string): number => {
  const bands = new Set(nearCopyBands(foldText(a)));
  return nearCopyBands(foldText(b)).filter((band) => bands.has(band)).length;
};

const SENT =
  'You reached for idempotency keys at once and explained why. The retry loop backs off with jitter, which protects the bank API. Your notes say why serializable isolation matters for the ledger.';

/** A deterministic pseudo-random text of `n` words from a small vocabulary (for the statistics below). */
function text(seed: number, n: number): string {
  const vocabulary =
    'the a of to and in ledger payout retry key lock row queue worker test bank api timeout job cache order index clean clear slow fast safe'.split(
      ' ',
    );
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 8;
  };
  return Array.from({ length: n }, () => vocabulary[next() % vocabulary.length]).join(' ');
}

describe('near-copy bands (MinHash over word pairs)', () => {
  it('should give NEAR_COPY_BANDS bigint values in PostgreSQL range when the text has words', () => {
    const bands = nearCopyBands(foldText(SENT));
    expect(bands).toHaveLength(NEAR_COPY_BANDS);
    for (const band of bands) {
      const value = BigInt(band);
      expect(value >= 0n && value < 2n ** 63n).toBe(true);
    }
    expect(new Set(bands.map((b) => BigInt(b) >> 56n)).size).toBe(NEAR_COPY_BANDS);
  });

  it('should give no bands when the folded text is empty', () => {
    expect(nearCopyBands('')).toEqual([]);
  });

  it('should give equal bands when two texts fold to the same text', () => {
    expect(nearCopyBands(foldText(SENT.toUpperCase().replace(/a/g, 'а')))).toEqual(nearCopyBands(foldText(SENT)));
  });

  it.each([
    ['one word is added', SENT.replace('at once', 'at once, wisely')],
    ['one word is removed', SENT.replace(' with jitter', ' jitter')],
    ['the sentences are reordered', SENT.split('. ').reverse().join('. ')],
    ['a sentence is added', `${SENT} Well done.`],
  ])('should share a band with the sent text when %s', (_kind, copy) => {
    expect(shared(SENT, copy)).toBeGreaterThan(0);
  });

  it('should share no band with an honest review of the same task by another reviewer', () => {
    const honest =
      'Idempotency keys are stored per payout, but the retry loop has no upper bound. Jitter is missing, so a bank outage would be hammered by every worker at once.';
    expect(shared(SENT, honest)).toBe(0);
  });

  it('should find almost every text of 60 % word-pair overlap and almost no unrelated text when measured over 300 pairs', () => {
    let nearFound = 0;
    let unrelatedFound = 0;
    for (let i = 0; i < 300; i++) {
      const base = text(i + 1, 24).split(' ');
      // Changing every eighth word breaks a quarter of the word pairs: Jaccard 0.75 / 1.25 = 0.6.
      const near = base.map((w, j) => (j % 8 === 3 ? `${w}x` : w)).join(' ');
      if (shared(base.join(' '), near) > 0) nearFound++;
      if (shared(base.join(' '), text(10_000 + i, 24)) > 0) unrelatedFound++;
    }
    expect(nearFound / 300).toBeGreaterThan(0.9);
    expect(unrelatedFound / 300).toBeLessThan(0.05);
  });
});
