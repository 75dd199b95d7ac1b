import { createHmac, hkdfSync } from 'node:crypto';

/** How an address is compared and hashed: as invitations are matched, trimmed and in any case. */
export const normaliseAddress = (email: string): string => email.trim().toLowerCase();

/**
 * What an erasure records instead of the address: an HMAC-SHA256 (hex) of the normalised address under a key
 * derived from the service secret. A plain hash of an email can be reversed by hashing a list of addresses; this
 * one only by whoever holds JWT_SECRET, while the same address still gives the same value (repeat requests match).
 */
export function erasureEmailHash(serviceSecret: string, email: string): string {
  const key = Buffer.from(hkdfSync('sha256', serviceSecret, 'candor', 'erasure email hash v1', 32));
  return createHmac('sha256', key).update(normaliseAddress(email)).digest('hex');
}
