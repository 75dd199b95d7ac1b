import { scriptJson } from './script-json.js';

describe('scriptJson', () => {
  it('should escape "<" when JSON is placed inside a script element', () => {
    const json = scriptJson({ body: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ body: '</script><script>alert(1)</script>' });
  });
});
