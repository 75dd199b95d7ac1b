import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('a-service-secret-long-enough');

  it('should give back the secret when it opens what it sealed', () => {
    const sealed = box.seal('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed)).toBe('whsec_abc');
  });

  it('should seal the same secret differently each time when sealing twice', () => {
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('should return null when the sealed text was altered or sealed under another secret', () => {
    const sealed = box.seal('whsec_abc');
    const altered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    expect(box.open(altered)).toBeNull();
    expect(new SecretBox('another-service-secret').open(sealed)).toBeNull();
    expect(box.open('not sealed')).toBeNull();
  });
});
