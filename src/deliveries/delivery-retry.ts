/**
 * When a failed delivery is tried again: exponential backoff from 10 s, at most an hour apart, for at least a day
 * after it was created (the contract's "at least 24 hours"); after the first failure past that day it is failed.
 * About 32 attempts in all. One home for the rule: the sender and its spec read it.
 */
export const DELIVERY_RETRY = {
  firstDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  keepTryingMs: 24 * 3_600_000,
} as const;

/** The next attempt's time after `attempts` failed ones, or null when the delivery should be given up. */
export function nextDeliveryAttempt(createdAt: Date, attempts: number, now: Date): Date | null {
  if (now.getTime() - createdAt.getTime() >= DELIVERY_RETRY.keepTryingMs) return null;
  const delay = Math.min(DELIVERY_RETRY.maxDelayMs, DELIVERY_RETRY.firstDelayMs * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + delay);
}

/** Whether an HTTP status code delivers: any 2xx; a redirect is not followed and counts as a failure. */
export const isDelivered = (statusCode: number): boolean => statusCode >= 200 && statusCode < 300;
