import { type IpAddress, parseIp, unmapIPv4 } from './ip-address.js';

/**
 * Where Candor may send outbound requests (ATS callbacks, webhooks): public addresses only, so a URL given to
 * us cannot make the server call its own loopback, the cloud metadata service (169.254.169.254) or the
 * private network behind it. Pure: literal addresses and obviously local names are decided here; a hostname
 * that resolves to a private address is for the delivery code to refuse after resolving it.
 */

interface Range {
  bytes: number[];
  prefix: number;
}

const v4 = (text: string, prefix: number): Range => ({ bytes: text.split('.').map(Number), prefix });
const v6 = (groups: number[], prefix: number): Range => ({ bytes: groups.flatMap((g) => [g >> 8, g & 0xff]), prefix });

/** IPv4 ranges that are not the public internet (IANA special-purpose registry). */
const NON_PUBLIC_V4: Range[] = [
  v4('0.0.0.0', 8), // "this network"
  v4('10.0.0.0', 8), // private
  v4('100.64.0.0', 10), // carrier-grade NAT
  v4('127.0.0.0', 8), // loopback
  v4('169.254.0.0', 16), // link-local, cloud metadata
  v4('172.16.0.0', 12), // private
  v4('192.0.0.0', 24), // IETF protocol assignments
  v4('192.0.2.0', 24), // documentation
  v4('192.88.99.0', 24), // 6to4 relay anycast
  v4('192.168.0.0', 16), // private
  v4('198.18.0.0', 15), // benchmarking
  v4('198.51.100.0', 24), // documentation
  v4('203.0.113.0', 24), // documentation
  v4('224.0.0.0', 4), // multicast
  v4('240.0.0.0', 4), // reserved, broadcast
];

/** IPv6 ranges that are not the public internet; the ones that embed an IPv4 address are decided by it. */
const NON_PUBLIC_V6: Range[] = [
  v6([0, 0, 0, 0, 0, 0, 0, 0], 96), // unspecified, loopback, IPv4-compatible (deprecated)
  v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48), // local-use NAT64
  v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64), // discard
  v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 23), // IETF protocol assignments (Teredo, benchmarking, ORCHID)
  v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32), // documentation
  v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7), // unique local
  v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10), // link-local
  v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10), // site-local (deprecated)
  v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8), // multicast
];

const NAT64 = v6([0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96);
const IPV4_TRANSLATED = v6([0, 0, 0, 0, 0xffff, 0, 0, 0], 96);
const SIX_TO_FOUR = v6([0x2002, 0, 0, 0, 0, 0, 0, 0], 16);

function inRange(bytes: number[], range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== (range.bytes[i] & mask)) return false;
  }
  return true;
}

/** Whether an address is on the public internet: not private, loopback, link-local, multicast or reserved. */
export function isPublicIp(address: IpAddress): boolean {
  const ip = unmapIPv4(address);
  if (ip.family === 4) return !NON_PUBLIC_V4.some((r) => inRange(ip.bytes, r));
  // Addresses that carry an IPv4 address reach that address: they are as public as it is.
  if (inRange(ip.bytes, NAT64) || inRange(ip.bytes, IPV4_TRANSLATED))
    return isPublicIp({ family: 4, bytes: ip.bytes.slice(12) });
  if (inRange(ip.bytes, SIX_TO_FOUR)) return isPublicIp({ family: 4, bytes: ip.bytes.slice(2, 6) });
  return !NON_PUBLIC_V6.some((r) => inRange(ip.bytes, r));
}

/** Names that mean this machine or a local network whatever DNS says. */
const LOCAL_NAME = /(^|\.)(localhost|localdomain|internal|local|home\.arpa)$/;

/**
 * Why a host is not an acceptable outbound target, or null when it may be called: a literal address must be
 * public (odd spellings such as `0x7f.1` or `[::ffff:127.0.0.1]` included), a name must not be obviously local.
 */
export function nonPublicHostReason(host: string): string | null {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  if (name === '') return 'has no host';
  const literal = parseIp(name);
  if (literal) return isPublicIp(literal) ? null : 'is on a private, loopback or link-local address';
  if (name.startsWith('[')) return 'has a malformed address';
  if (LOCAL_NAME.test(name)) return 'names a local host';
  return null;
}

/**
 * Why a URL may not be called from the server, or null when it may: http(s) only, on a public host
 * (see nonPublicHostReason). Phrased to follow the field name: "url must be ..." reads as "url is on ...".
 */
export function outboundUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must use http or https';
  return nonPublicHostReason(parsed.hostname);
}
