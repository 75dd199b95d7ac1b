import { isIPv6 } from 'node:net';

/** An IP address as its bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  family: 4 | 6;
  bytes: number[];
}

const IPV4_PART = /^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$/i;

/**
 * IPv4 the way inet_aton and the WHATWG URL parser read it, so odd spellings of one address are one address:
 * one to four parts, each decimal, octal (leading 0) or hex (0x); the last part fills the remaining bytes
 * (`127.1`, `0x7f.1`, `2130706433`, `0177.0.0.1` are all 127.0.0.1).
 */
export function parseIPv4(text: string): IpAddress | null {
  const parts = text.split('.');
  // One trailing dot is allowed, as in a hostname.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.length > 4 || !parts.every((p) => IPV4_PART.test(p))) return null;
  const numbers = parts.map((p) =>
    /^0x/i.test(p)
      ? p.length === 2
        ? 0
        : parseInt(p.slice(2), 16)
      : p.length > 1 && p.startsWith('0')
        ? parseInt(p, 8)
        : Number(p),
  );
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255)) return null;
  const lastBytes = 4 - numbers.length;
  if (last >= 256 ** lastBytes) return null;
  const tail: number[] = [];
  for (let i = lastBytes - 1; i >= 0; i--) tail.push(Math.floor(last / 256 ** i) % 256);
  return { family: 4, bytes: [...numbers, ...tail] };
}

/** IPv6 in any valid textual form (`::1`, `::ffff:127.0.0.1`, `fe80::1%eth0`), or null. */
export function parseIPv6(text: string): IpAddress | null {
  const address = text.replace(/%.*$/, '');
  if (!isIPv6(address)) return null;
  let body = address;
  const tail: number[] = [];
  // A dotted IPv4 tail (`::ffff:1.2.3.4`) stands for the last two groups.
  const lastColon = address.lastIndexOf(':');
  const last = address.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = last.split('.').map(Number);
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    body = address.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const groupsOf = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const gap = body.indexOf('::');
  let groups: number[];
  if (gap === -1) {
    groups = [...groupsOf(body), ...tail];
  } else {
    const left = groupsOf(body.slice(0, gap));
    const right = [...groupsOf(body.slice(gap + 2)), ...tail];
    groups = [...left, ...new Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
  }
  if (groups.length !== 8) return null;
  return { family: 6, bytes: groups.flatMap((g) => [g >> 8, g & 0xff]) };
}

/** A literal address as found in a URL host or a socket: IPv4 (odd forms too) or IPv6 (with or without brackets). */
export function parseIp(text: string): IpAddress | null {
  const host = text.trim();
  if (host.startsWith('[') && host.endsWith(']')) return parseIPv6(host.slice(1, -1));
  return host.includes(':') ? parseIPv6(host) : parseIPv4(host);
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), else the address itself. */
export function unmapIPv4(ip: IpAddress): IpAddress {
  if (
    ip.family === 6 &&
    ip.bytes.slice(0, 10).every((b) => b === 0) &&
    ip.bytes[10] === 0xff &&
    ip.bytes[11] === 0xff
  ) {
    return { family: 4, bytes: ip.bytes.slice(12) };
  }
  return ip;
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return ip.bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] << 8) | ip.bytes[i + 1]).toString(16));
  return groups.join(':');
}

/**
 * What one client is counted as by per-address limits: an IPv4 address as such, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64, so counting single addresses would give them 2^64 tries).
 * Text that is not an address counts as itself.
 */
export function clientAddressKey(address: string): string {
  const parsed = parseIp(address);
  if (!parsed) return address;
  const ip = unmapIPv4(parsed);
  if (ip.family === 4) return formatIp(ip);
  return `${formatIp({ family: 6, bytes: [...ip.bytes.slice(0, 8), 0, 0, 0, 0, 0, 0, 0, 0] })}/64`;
}
