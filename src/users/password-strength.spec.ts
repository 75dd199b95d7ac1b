import { weakPasswordReason } from './password-strength.js';
import { emailSkeleton, normaliseEmail } from './email.js';

describe('password strength', () => {
  it('should refuse a password with a reason when it repeats one character or is a common one', () => {
    expect(weakPasswordReason('aaaaaaaaaa')).toMatch(/^is too easy to guess\. Repeated characters/);
    expect(weakPasswordReason('Password123!')).toMatch(/commonly used password/);
    expect(weakPasswordReason('qwertyuiop12')).not.toBeNull();
  });

  it("should refuse a password when it is made of the person's own email or name", () => {
    expect(
      weakPasswordReason('margaret.hamilton', ['margaret.hamilton@candor.test', 'Margaret Hamilton']),
    ).not.toBeNull();
  });

  it('should accept a password when it is several uncommon words or random', () => {
    expect(weakPasswordReason('correct horse battery staple')).toBeNull();
    expect(weakPasswordReason('k9#mQ2vL!x7p')).toBeNull();
  });

  it('should answer within a short time when the password is long and hostile', () => {
    const started = Date.now();
    weakPasswordReason('1a3e5s7t8b9g0o'.repeat(14));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('email', () => {
  it('should trim, NFKC-normalise and lower-case an email when normalising it', () => {
    expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normaliseEmail('ａｄｍｉｎ@x.com')).toBe('admin@x.com');
  });

  it('should give look-alike emails one skeleton when they differ only in confusable letters', () => {
    expect(emailSkeleton('аdmin@x.com')).toBe(emailSkeleton('admin@x.com'));
    expect(emailSkeleton('f0o@x.com')).toBe(emailSkeleton('foo@x.com'));
    expect(emailSkeleton('ada@x.com')).not.toBe(emailSkeleton('eda@x.com'));
  });
});
