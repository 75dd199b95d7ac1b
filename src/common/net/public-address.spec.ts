import { parseIp } from './ip-address.js';
import { isPublicIp, nonPublicHostReason, outboundUrlProblem } from './public-address.js';

const isPublic = (address: string): boolean => {
  const ip = parseIp(address);
  if (!ip) throw new Error(`not an address: ${address}`);
  return isPublicIp(ip);
};

describe('public-address', () => {
  it('should refuse private, loopback, link-local and reserved IPv4 when the address is literal', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.5',
      '198.18.0.1',
    ]) {
      expect([address, isPublic(address)]).toEqual([address, false]);
    }
  });

  it('should accept public IPv4 when it is just outside the private ranges', () => {
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '172.15.255.255',
      '172.32.0.1',
      '169.253.0.1',
      '100.128.0.1',
      '192.169.0.1',
      '11.0.0.1',
    ]) {
      expect([address, isPublic(address)]).toEqual([address, true]);
    }
  });

  it('should refuse non-public IPv6, and IPv6 that embeds a private IPv4, when the address is literal', () => {
    for (const address of [
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::10.0.0.1',
      '2002:0a00:0001::1',
      '2001:db8::1',
      '2001::1',
      '::127.0.0.1',
      'fec0::1',
    ]) {
      expect([address, isPublic(address)]).toEqual([address, false]);
    }
  });

  it('should accept public IPv6 when it is global unicast or embeds a public IPv4', () => {
    for (const address of [
      '2606:4700:4700::1111',
      '2a00:1450:4001::200e',
      '::ffff:8.8.8.8',
      '64:ff9b::8.8.8.8',
      '2002:0808:0808::1',
    ]) {
      expect([address, isPublic(address)]).toEqual([address, true]);
    }
  });

  it('should refuse obviously local names when the host is not an address', () => {
    for (const host of [
      'localhost',
      'LOCALHOST.',
      'api.localhost',
      'metadata.google.internal',
      'printer.local',
      'box.localdomain',
    ]) {
      expect([host, nonPublicHostReason(host)]).toEqual([host, 'names a local host']);
    }
    expect(nonPublicHostReason('app.greenhouse.io')).toBeNull();
    expect(nonPublicHostReason('gh')).toBeNull();
  });

  it('should refuse a URL when its host is a private address in any spelling', () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://0x7f.1/hook',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://127.1:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::1]:3000/',
      'https://[fd00::5]/hook',
      'http://localhost:3000/x',
      'http://0/',
    ]) {
      expect([url, outboundUrlProblem(url)]).toEqual([url, expect.any(String)]);
    }
  });

  it('should accept a URL when it is http(s) on a public host, and refuse other schemes', () => {
    expect(outboundUrlProblem('https://app.greenhouse.io/hooks/assessment/1')).toBeNull();
    expect(outboundUrlProblem('http://93.184.216.34/x')).toBeNull();
    expect(outboundUrlProblem('ftp://example.com/x')).toBe('must use http or https');
    expect(outboundUrlProblem('not a url')).toBe('is not a valid URL');
  });
});
