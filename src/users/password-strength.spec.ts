import { ESTIMATED_LENGTH, weakPasswordReason } from './password-strength.js';
import { emailSkeleton, normaliseEmail } from './email.js';

describe('password strength', () => {
  it('should refuse a password with a reason when it repeats one character or is a common one', async () => {
    expect(await weakPasswordReason('aaaaaaaaaa')).toMatch(/^is too easy to guess\. Repeated characters/);
    expect(await weakPasswordReason('Password123!')).toMatch(/commonly used password/);
    expect(await weakPasswordReason('qwertyuiop12')).not.toBeNull();
  });

  it("should refuse a password when it is made of the person's own email or name", async () => {
    expect(
      await weakPasswordReason('margaret.hamilton', ['margaret.hamilton@candor.test', 'Margaret Hamilton']),
    ).not.toBeNull();
  });

  it('should accept a password when it is several uncommon words or random', async () => {
    expect(await weakPasswordReason('correct horse battery staple')).toBeNull();
    expect(await weakPasswordReason('k9#mQ2vL!x7p')).toBeNull();
  });

  it('should judge only the first 64 characters when the password is long and hostile', async () => {
    // What bounds the estimator's work (hostile input once took over a second): the rest is never read.
    const hostile = '1a3e5s7t8b9g0o'.repeat(14);
    expect(await weakPasswordReason(hostile)).toEqual(await weakPasswordReason(hostile.slice(0, ESTIMATED_LENGTH)));
    // Weak in its first 64 characters, strong only after them: judged weak.
    expect(await weakPasswordReason(`${'a'.repeat(ESTIMATED_LENGTH)}${'k9#mQ2vL!x7p'.repeat(4)}`)).toMatch(/Repeated/);
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
