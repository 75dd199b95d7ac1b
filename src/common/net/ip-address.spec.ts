import { clientAddressKey, formatIp, parseIp, parseIPv4, parseIPv6 } from './ip-address.js';

const text = (s: string): string | null => {
  const ip = parseIp(s);
  return ip ? formatIp(ip) : null;
};

describe('ip-address', () => {
  it('should read every inet_aton spelling of an IPv4 address when it is odd', () => {
    for (const odd of [
      '127.0.0.1',
      '127.1',
      '0x7f.1',
      '0x7F.0.0.1',
      '2130706433',
      '0177.0.0.1',
      '0x7f000001',
      '127.0.1',
      '127.0.0.1.',
    ]) {
      expect(text(odd)).toBe('127.0.0.1');
    }
    expect(text('0')).toBe('0.0.0.0');
  });

  it('should refuse IPv4 text when a part is out of range or not a number', () => {
    for (const bad of [
      '256.0.0.1',
      '1.2.3.4.5',
      '1.2.3.256',
      '08.1.1.1',
      'a.b.c.d',
      '',
      '1..2',
      'example.com',
      '4294967296',
    ]) {
      expect(parseIPv4(bad)).toBeNull();
    }
  });

  it('should read IPv6 when it is compressed, bracketed, zoned or ends in dotted IPv4', () => {
    expect(text('::1')).toBe('0:0:0:0:0:0:0:1');
    expect(text('[::1]')).toBe('0:0:0:0:0:0:0:1');
    expect(text('fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:1');
    expect(text('::ffff:127.0.0.1')).toBe('0:0:0:0:0:ffff:7f00:1');
    expect(text('[::ffff:7f00:1]')).toBe('0:0:0:0:0:ffff:7f00:1');
    expect(text('::1.2.3.4')).toBe('0:0:0:0:0:0:102:304');
    expect(text('1:2:3:4:5:6:1.2.3.4')).toBe('1:2:3:4:5:6:102:304');
    expect(text('2001:db8::')).toBe('2001:db8:0:0:0:0:0:0');
    expect(text('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
    expect(parseIPv6('1:2:3')).toBeNull();
    expect(parseIPv6('::g')).toBeNull();
  });

  it('should count IPv4 as itself and IPv6 by its /64 when keying a client', () => {
    expect(clientAddressKey('10.50.0.7')).toBe('10.50.0.7');
    expect(clientAddressKey('::ffff:10.50.0.7')).toBe('10.50.0.7');
    expect(clientAddressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2:0:0:0:0/64');
    expect(clientAddressKey('2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2:0:0:0:0/64');
    expect(clientAddressKey('unknown')).toBe('unknown');
  });
});
