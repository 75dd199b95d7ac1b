import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the candidate's only credential, shown once and stored as a hash. */
export const newCandidateToken = (): string => randomBytes(32).toString('base64url');

/** sha256 suffices: the token is high-entropy, so there is nothing to brute-force. */
export const hashCandidateToken = (token: string): string => createHash('sha256').update(token).digest('hex');
