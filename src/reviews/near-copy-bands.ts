/**
 * How the near-copy rule finds its candidates among every text ever sent, in a few index lookups whatever the
 * number of texts: locality-sensitive hashing. Each folded text gets NEAR_COPY_BANDS band values, each a hash of
 * ROWS_PER_BAND MinHash values over the text's word pairs. Two texts share a band value with probability
 * 1 - (1 - J^3)^16, J being the Jaccard similarity of their word pairs: 0.98 at J = 0.6 (an added word, reordered
 * sentences and look-alike letters leave J at 0.8 to 1), 0.002 at J = 0.05 (unrelated texts that share common
 * phrases). The rule itself (feedback-rules.ts, trigram similarity) then judges the few candidates.
 *
 * A trigram index (pg_trgm's GIN) was measured first: 0.6 s a lookup at 100 000 feedbacks, because the common
 * trigrams of any English text make the index merge most of its posting lists (bench/near-copy.bench.ts).
 *
 * Stored values depend on every constant here: changing one means recomputing `feedback_texts.bands`.
 */

export const NEAR_COPY_BANDS = 16;
const ROWS_PER_BAND = 3;
const HASHES = NEAR_COPY_BANDS * ROWS_PER_BAND;

/** MurmurHash3's 32-bit finaliser: every input bit moves every output bit. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 units, finalised. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h >>> 0);
}

/** The HASHES hash functions: h(x) = mix32(a·x + b), a odd; fixed forever (see the header). */
const FUNCTIONS: { a: number; b: number }[] = Array.from({ length: HASHES }, (_, i) => ({
  a: (mix32(0x9e3779b9 + i * 2) | 1) >>> 0,
  b: mix32(0x7f4a7c15 + i * 2 + 1),
}));

/** The text's word pairs (a one-word text: the word), as hashes. */
function shingles(folded: string): number[] {
  const words = folded.split(' ').filter((w) => w !== '');
  if (words.length === 1) return [hashString(words[0])];
  const out = new Set<number>();
  for (let i = 0; i + 1 < words.length; i++) out.add(hashString(`${words[i]} ${words[i + 1]}`));
  return [...out];
}

/**
 * The band values of a folded text (foldText), as decimal strings of PostgreSQL bigints: the band's number in
 * the top bits, so equal MinHash rows in different bands never collide. No bands for an empty text.
 */
export function nearCopyBands(folded: string): string[] {
  const hashes = shingles(folded);
  if (hashes.length === 0) return [];
  const minima = FUNCTIONS.map(({ a, b }) => {
    let min = 0xffffffff;
    for (const x of hashes) {
      const h = mix32((Math.imul(a, x) + b) >>> 0);
      if (h < min) min = h;
    }
    return min;
  });
  const bands: string[] = [];
  for (let band = 0; band < NEAR_COPY_BANDS; band++) {
    const rows = minima.slice(band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND);
    const high = rows.reduce((h, v) => mix32((h ^ v) >>> 0), band + 1);
    const low = rows.reduce((h, v) => mix32((Math.imul(h, 31) + v) >>> 0), 0x1234567) & 0xffffff;
    bands.push(((BigInt(band) << 56n) | (BigInt(high) << 24n) | BigInt(low)).toString());
  }
  return bands;
}
