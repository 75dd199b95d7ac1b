import { scriptJson, utcText } from './assessment-pages.presenter.js';

describe('assessment pages presenter helpers', () => {
  it('should write dates as "3 Dec 2026, 14:05 UTC" when a version is listed', () => {
    expect(utcText(new Date('2026-12-03T14:05:59Z'))).toBe('3 Dec 2026, 14:05 UTC');
    expect(utcText('2026-01-09T00:00:00Z')).toBe('9 Jan 2026, 00:00 UTC');
  });

  it('should escape "<" when JSON is placed inside a script element', () => {
    const json = scriptJson({ body: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ body: '</script><script>alert(1)</script>' });
  });
});
