import { createServer, type Server, type Socket, connect } from 'node:net';
import { createTestApp } from './support/test-app.js';
import { TEST_REDIS_URL } from './support/test-env.js';
import { describeWithRedis } from './support/test-services.js';

describe('GET /health', () => {
  it('should report the PostgreSQL queue backend when no REDIS_URL is set', async () => {
    const t = await createTestApp({ queue: 'postgres' });
    try {
      const res = await t.http().get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', db: 'up', queue: 'up', queueBackend: 'postgres' });
      // Every response carries the security headers (helmet's, computed once at start-up).
      expect(res.headers).toMatchObject({
        'content-security-policy': expect.stringMatching(
          /^default-src 'self';.*;script-src 'self';.*connect-src 'self'$/,
        ) as string,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age=') as string,
        'cross-origin-opener-policy': 'same-origin',
        'referrer-policy': 'no-referrer',
      });
    } finally {
      await t.close();
    }
  });

  describeWithRedis('when Redis is the queue backend', () => {
    it('should report 503 with queue "down" when Redis becomes unreachable, and recover when it is back', async () => {
      const proxy = await startTcpProxy(new URL(TEST_REDIS_URL));
      const t = await createTestApp({ queue: 'redis', env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
      try {
        expect((await t.http().get('/health').expect(200)).body).toEqual({
          status: 'ok',
          db: 'up',
          queue: 'up',
          queueBackend: 'redis',
        });

        await proxy.cut();
        const down = await t.http().get('/health').expect(503);
        expect(down.body).toEqual({ status: 'error', db: 'up', queue: 'down', queueBackend: 'redis' });

        await proxy.restore();
        let status = 0;
        for (let i = 0; i < 50 && status !== 200; i++) {
          status = (await t.http().get('/health')).status;
          if (status !== 200) await new Promise((r) => setTimeout(r, 200));
        }
        expect(status).toBe(200);
      } finally {
        await proxy.restore();
        // The proxy closes even when closing the app throws (an OpenAPI mismatch), or Jest waits on it forever.
        await t.close().finally(() => proxy.close());
      }
    });
  });
});

/**
 * A TCP proxy in front of Redis that the test can cut, to make Redis unreachable for this app only. Cut, it keeps
 * its port and drops every connection at once: closing the listener instead let another test's server take the
 * port, and the restore then waited forever.
 */
async function startTcpProxy(
  target: URL,
): Promise<{ port: number; cut: () => Promise<void>; restore: () => Promise<void>; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const dropAll = (): void => {
    for (const s of sockets) s.destroy();
  };
  return {
    port,
    cut: () => {
      open = false;
      dropAll();
      return Promise.resolve();
    },
    restore: () => {
      open = true;
      return Promise.resolve();
    },
    close: () => {
      open = false;
      dropAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
