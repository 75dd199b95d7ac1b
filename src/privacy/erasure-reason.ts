/** At most this much of an admin's reason is kept. */
export const REASON_MAX_CHARS = 1000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An admin's reason for an erasure is kept with it (why, for the record), but it is free text and could name the
 * person the erasure is about: the address, its local part, the names and each part of a name are replaced in it,
 * as whole words in any case.
 */
export function redactReason(reason: string, address: string, names: readonly string[]): string {
  const local = address.split('@')[0] ?? '';
  const terms = new Set(
    [address, local, ...names, ...names.flatMap((n) => n.split(/\s+/))]
      .map((t) => t.trim())
      .filter((t) => [...t].length >= 2),
  );
  // Longest first, so a full name goes as one before its parts are looked for.
  const pattern = [...terms]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  if (pattern === '') return reason;
  return reason.replace(new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'giu'), '[erased]');
}
