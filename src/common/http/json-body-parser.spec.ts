import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-body-parser.js';

const json = (text: string) => Buffer.from(text, 'utf8');
const arrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('nestsDeeperThan', () => {
  it('should count the body itself as level 1 when arrays and objects nest', () => {
    expect(nestsDeeperThan(json('{"a":[{"b":[]}]}'), 4)).toBe(false);
    expect(nestsDeeperThan(json('{"a":[{"b":[]}]}'), 3)).toBe(true);
  });

  it('should accept the limit and refuse one level more when nesting is at MAX_JSON_DEPTH', () => {
    expect(nestsDeeperThan(json(arrays(MAX_JSON_DEPTH)), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(json(arrays(MAX_JSON_DEPTH + 1)), MAX_JSON_DEPTH)).toBe(true);
  });

  it('should not count brackets when they are inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(json(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\"', c: '\\\\' })), 1)).toBe(false);
  });

  it('should not mistake multi-byte characters for brackets when text is not ASCII', () => {
    expect(nestsDeeperThan(json(JSON.stringify({ a: 'ﹰ[„“»«𝄞' })), 1)).toBe(false);
  });

  it('should stop reading at the first byte past the limit when a body nests a million levels', () => {
    // Counts the bytes read instead of timing them: the work done, not the machine's speed.
    let reads = 0;
    const body = new Proxy(json(arrays(1_000_000)), {
      get: (target, key) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, target) as unknown;
      },
    });
    expect(nestsDeeperThan(body, MAX_JSON_DEPTH)).toBe(true);
    expect(reads).toBe(MAX_JSON_DEPTH + 1);
  });
});
