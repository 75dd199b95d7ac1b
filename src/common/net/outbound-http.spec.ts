import { jest } from '@jest/globals';
import { type LookupAddress } from 'node:dns';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type HostResolver, OutboundRefusedError, sendOutbound } from './outbound-http.js';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A resolver that answers from a list, one answer per call (the last one repeats), and counts its calls. */
function scriptedResolver(...answers: string[][]): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = (hostname: string): Promise<{ address: string; family: number }[]> => {
    const answer = answers[Math.min(calls.length, answers.length - 1)];
    calls.push(hostname);
    return Promise.resolve(answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  return Object.assign(resolver, { calls });
}

describe('sendOutbound', () => {
  let server: http.Server;
  let port: number;
  let received: Received[];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const path = (req.url ?? '').split('?')[0];
        if (path === '/hang') return; // never answers
        if (path === '/redirect') {
          res.writeHead(302, { Location: `http://127.0.0.1:${port}/ok` }).end();
        } else if (path === '/endless') {
          // More than the 64 KiB the client reads, and never finished.
          res.writeHead(200);
          res.write(Buffer.alloc(256 * 1024, 'x'));
        } else {
          res.writeHead(201, { 'Content-Type': 'text/plain' }).end('created');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(() => {
    received = [];
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('should return the status code and send method, headers and body when allowPrivate is true', async () => {
    const response = await sendOutbound({
      method: 'PATCH',
      url: `http://127.0.0.1:${port}/ok?a=1`,
      headers: { 'Content-Type': 'application/json', 'X-Candor-Signature': 'sig' },
      body: '{"hello":"world"}',
      timeoutMs: 5000,
      allowPrivate: true,
    });

    expect(response.statusCode).toBe(201);
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'PATCH', url: '/ok?a=1', body: '{"hello":"world"}' });
    expect(received[0].headers).toMatchObject({
      'content-type': 'application/json',
      'x-candor-signature': 'sig',
      'user-agent': 'Candor-Webhooks/1',
      'content-length': '17',
    });
  });

  it('should send Content-Length 0 when there is no body', async () => {
    const response = await sendOutbound({
      method: 'POST',
      url: `http://127.0.0.1:${port}/ok`,
      body: null,
      timeoutMs: 5000,
      allowPrivate: true,
    });

    expect(response.statusCode).toBe(201);
    expect(received[0]).toMatchObject({ method: 'POST', body: '' });
    expect(received[0].headers['content-length']).toBe('0');
  });

  it('should refuse loopback, localhost and link-local targets when allowPrivate is false', async () => {
    for (const url of [
      `http://127.0.0.1:${port}/ok`,
      `http://localhost:${port}/ok`,
      `http://[::1]:${port}/ok`,
      'http://169.254.169.254/latest/meta-data/',
      `http://0x7f.1:${port}/ok`,
    ]) {
      const call = sendOutbound({ method: 'POST', url, body: '{}', timeoutMs: 2000, allowPrivate: false });
      await expect(call).rejects.toBeInstanceOf(OutboundRefusedError);
    }
    expect(received).toHaveLength(0);
  });

  it('should refuse without naming the query string when the target is refused', async () => {
    const call = sendOutbound({
      method: 'POST',
      url: `http://127.0.0.1:${port}/hook?token=s3cret`,
      timeoutMs: 2000,
      allowPrivate: false,
    });

    await expect(call).rejects.toThrow(/private, loopback or link-local/);
    await expect(call).rejects.not.toThrow(/s3cret/);
  });

  it('should refuse without asking DNS when the scheme is not http or https', async () => {
    const resolver = scriptedResolver(['8.8.8.8']);
    for (const allowPrivate of [true, false]) {
      const call = sendOutbound(
        { method: 'POST', url: 'ftp://example.test/file', timeoutMs: 2000, allowPrivate },
        resolver,
      );
      await expect(call).rejects.toBeInstanceOf(OutboundRefusedError);
      await expect(call).rejects.toThrow(/http or https/);
    }
    expect(resolver.calls).toHaveLength(0);
  });

  it('should refuse when a host name resolves to a loopback address', async () => {
    const resolver = scriptedResolver(['127.0.0.1']);
    const call = sendOutbound(
      { method: 'POST', url: `http://example.test:${port}/ok?token=s3cret`, timeoutMs: 2000, allowPrivate: false },
      resolver,
    );

    await expect(call).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(call).rejects.toThrow(/example\.test resolves to 127\.0\.0\.1/);
    await expect(call).rejects.not.toThrow(/s3cret/);
    expect(resolver.calls).toEqual(['example.test']);
    expect(received).toHaveLength(0);
  });

  it('should refuse when a host name resolves to public and private addresses', async () => {
    for (const answer of [
      ['8.8.8.8', '10.0.0.7'],
      ['2606:4700:4700::1111', '::ffff:169.254.169.254'],
    ]) {
      const call = sendOutbound(
        { method: 'POST', url: 'https://hooks.example.test/in', timeoutMs: 2000, allowPrivate: false },
        scriptedResolver(answer),
      );
      await expect(call).rejects.toBeInstanceOf(OutboundRefusedError);
    }
  });

  it('should connect to the address DNS first answered, keeping the Host header, when a name is resolved', async () => {
    // A second lookup would answer 127.0.0.2, where nothing listens: the call only succeeds on the first answer.
    const resolver = scriptedResolver(['127.0.0.1'], ['127.0.0.2']);
    const response = await sendOutbound(
      { method: 'POST', url: `http://example.test:${port}/ok`, body: 'x', timeoutMs: 5000, allowPrivate: true },
      resolver,
    );

    expect(response.statusCode).toBe(201);
    expect(resolver.calls).toEqual(['example.test']);
    expect(received).toHaveLength(1);
    expect(received[0].headers.host).toBe(`example.test:${port}`);
  });

  it('should pin the connection to the checked public address when DNS rebinds to a private one', async () => {
    const resolver = scriptedResolver(['93.184.216.34'], ['127.0.0.1']);
    let captured: http.RequestOptions | undefined;
    // Stop at the request: the test needs the options the connection would use, not the public internet.
    jest.spyOn(http, 'request').mockImplementation(((options: http.RequestOptions) => {
      captured = options;
      throw new Error('request intercepted');
    }) as typeof http.request);

    await expect(
      sendOutbound(
        { method: 'POST', url: 'http://rebind.example.test/in', timeoutMs: 2000, allowPrivate: false },
        resolver,
      ),
    ).rejects.toThrow('request intercepted');

    expect(resolver.calls).toEqual(['rebind.example.test']);
    expect(captured?.hostname).toBe('rebind.example.test');
    const lookup = captured?.lookup;
    if (!lookup) throw new Error('no lookup option');
    const one = await new Promise<string>((resolve, reject) =>
      lookup('rebind.example.test', {}, (err, address) => (err ? reject(err) : resolve(address as string))),
    );
    const all = await new Promise<LookupAddress[]>((resolve, reject) =>
      lookup('rebind.example.test', { all: true }, (err, addresses) =>
        err ? reject(err) : resolve(addresses as LookupAddress[]),
      ),
    );
    expect(one).toBe('93.184.216.34');
    expect(all).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect(resolver.calls).toHaveLength(1);
  });

  it('should return a 3xx without following it when the server redirects', async () => {
    const response = await sendOutbound({
      method: 'POST',
      url: `http://127.0.0.1:${port}/redirect`,
      timeoutMs: 5000,
      allowPrivate: true,
    });

    expect(response.statusCode).toBe(302);
    expect(received.map((r) => r.url)).toEqual(['/redirect']);
  });

  it('should resolve after reading part of the answer when the answer body never ends', async () => {
    const response = await sendOutbound({
      method: 'POST',
      url: `http://127.0.0.1:${port}/endless`,
      timeoutMs: 10_000,
      allowPrivate: true,
    });

    expect(response.statusCode).toBe(200);
  });

  it('should reject with a timeout, without the query string, when the server never answers', async () => {
    const call = sendOutbound({
      method: 'POST',
      url: `http://127.0.0.1:${port}/hang?token=s3cret`,
      timeoutMs: 300,
      allowPrivate: true,
    });

    await expect(call).rejects.toThrow('timed out after 300 ms');
    await expect(call).rejects.not.toThrow(/s3cret/);
    await expect(call).rejects.not.toBeInstanceOf(OutboundRefusedError);
  });

  it('should reject with a network error when nothing listens on the port', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const call = sendOutbound({
      method: 'POST',
      url: `http://127.0.0.1:${closedPort}/ok?token=s3cret`,
      headers: { Authorization: 'Bearer hidden-value' },
      timeoutMs: 5000,
      allowPrivate: true,
    });

    await expect(call).rejects.toThrow(/ECONNREFUSED/);
    await expect(call).rejects.not.toThrow(/s3cret|hidden-value/);
    await expect(call).rejects.not.toBeInstanceOf(OutboundRefusedError);
  });
});
