import { findUnsafeText, isUnsafeText, UNSAFE_TEXT_MESSAGE } from './unsafe-text.js';

describe('isUnsafeText', () => {
  it('should refuse NUL and unpaired surrogates when they appear anywhere', () => {
    for (const text of ['a\u0000b', '\u0000', '\ud83d', 'a\ud83d', '\ude00b', '\ude00\ud83d', 'x\udbff\udbff\udfff'])
      expect(isUnsafeText(text)).toBe(true);
  });

  it('should accept surrogate pairs, other control characters and empty text when they are well formed', () => {
    for (const text of ['', 'plain', '\ud83d\ude00', '😀 emoji', '\u0001\t\r\n', '\ufffd', '\uffff'])
      expect(isUnsafeText(text)).toBe(false);
  });
});

describe('findUnsafeText', () => {
  it('should name nested fields by path when strings inside objects and arrays are unsafe', () => {
    const body = {
      title: 'ok',
      sections: [{ title: 'fine' }, { body: 'x\u0000', options: ['a', '\ud800'] }],
      scores: { a: 1 },
    };
    expect(findUnsafeText(body, 'body')).toEqual([
      { field: 'sections[1].body', message: UNSAFE_TEXT_MESSAGE },
      { field: 'sections[1].options[1]', message: UNSAFE_TEXT_MESSAGE },
    ]);
  });

  it('should name the object holding a key when a key is unsafe, without echoing the key', () => {
    expect(findUnsafeText({ criteria: { 'ok\u0000': 'fine' } }, 'body')).toEqual([
      { field: 'criteria', message: `keys ${UNSAFE_TEXT_MESSAGE}` },
    ]);
    expect(findUnsafeText({ '\ud800': 1 }, 'body')).toEqual([
      { field: 'body', message: `keys ${UNSAFE_TEXT_MESSAGE}` },
    ]);
  });

  it('should name the root when the value itself is an unsafe string', () => {
    expect(findUnsafeText('a\u0000', 'id', 'id')).toEqual([{ field: 'id', message: UNSAFE_TEXT_MESSAGE }]);
    expect(findUnsafeText('a\u0000', 'body')).toEqual([{ field: 'body', message: UNSAFE_TEXT_MESSAGE }]);
  });

  it('should name at most 20 fields when a body has many unsafe strings', () => {
    expect(
      findUnsafeText(
        Array.from({ length: 500 }, () => '\u0000'),
        'body',
      ),
    ).toHaveLength(20);
  });

  it('should walk without recursion when values are deeply nested', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeText(deep, 'body')).toHaveLength(1);
  });

  it('should find nothing when numbers, booleans, null and safe strings are all there is', () => {
    expect(findUnsafeText({ a: 1, b: [true, null, 'x'], c: { d: '😀' } }, 'body')).toEqual([]);
    expect(findUnsafeText(undefined, 'query')).toEqual([]);
  });
});
