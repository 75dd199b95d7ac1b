import { DELIVERY_RETRY, isDelivered, nextDeliveryAttempt } from './delivery-retry.js';

const created = new Date('2026-12-01T00:00:00Z');
const at = (ms: number) => new Date(created.getTime() + ms);

describe('nextDeliveryAttempt', () => {
  it('should wait 10 s, then twice as long each time when attempts keep failing', () => {
    expect(nextDeliveryAttempt(created, 1, created)).toEqual(at(10_000));
    expect(nextDeliveryAttempt(created, 2, at(10_000))).toEqual(at(30_000));
    expect(nextDeliveryAttempt(created, 3, at(30_000))).toEqual(at(70_000));
  });

  it('should wait at most an hour when many attempts failed', () => {
    expect(nextDeliveryAttempt(created, 20, at(3_600_000))).toEqual(at(7_200_000));
  });

  it('should keep trying for at least 24 hours when every attempt fails', () => {
    let now = created;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextDeliveryAttempt(created, attempts, now);
      if (!next) break;
      now = next;
    }
    expect(now.getTime() - created.getTime()).toBeGreaterThanOrEqual(DELIVERY_RETRY.keepTryingMs);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });

  it('should give up when a failure comes a day after the delivery was created', () => {
    expect(nextDeliveryAttempt(created, 3, at(DELIVERY_RETRY.keepTryingMs))).toBeNull();
    expect(nextDeliveryAttempt(created, 3, at(DELIVERY_RETRY.keepTryingMs - 1))).not.toBeNull();
  });
});

describe('isDelivered', () => {
  it('should count only 2xx as delivered when a receiver answers', () => {
    expect([200, 201, 204, 299].every(isDelivered)).toBe(true);
    expect([199, 301, 302, 400, 410, 500, 503].some(isDelivered)).toBe(false);
  });
});
