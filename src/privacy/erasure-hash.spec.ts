import { createHash } from 'node:crypto';
import { erasureEmailHash } from './erasure-hash.js';

describe('erasureEmailHash', () => {
  it('should give the same value when the same address differs only in case and spaces', () => {
    expect(erasureEmailHash('secret-a', ' Ada@Example.com ')).toBe(erasureEmailHash('secret-a', 'ada@example.com'));
  });

  it('should not be the plain sha256 of the address, and differ when the service secret differs', () => {
    const plain = createHash('sha256').update('ada@example.com').digest('hex');
    expect(erasureEmailHash('secret-a', 'ada@example.com')).not.toBe(plain);
    expect(erasureEmailHash('secret-a', 'ada@example.com')).not.toBe(erasureEmailHash('secret-b', 'ada@example.com'));
    expect(erasureEmailHash('secret-a', 'ada@example.com')).toMatch(/^[0-9a-f]{64}$/);
  });
});
