import { connect, type Socket } from 'node:net';
import { listen } from './support/browser.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const REQUEST_TIMEOUT_SECONDS = 2;
/** Far beyond the timeout, far below the 300 s the trickle would take to finish. */
const GIVE_UP_MS = 15_000;

interface Outcome {
  how: 'closed' | 'still open';
  /** What the server wrote before closing, if anything (e.g. a 408). */
  received: string;
  /** Bytes of the 1 000-byte body sent by then. */
  sent: number;
}

/** Sends a POST's headers, then its body one byte every 300 ms, and waits for the server to give up on it. */
function trickle(port: number): { outcome: Promise<Outcome>; socket: Socket } {
  const socket = connect({ host: '127.0.0.1', port });
  let received = '';
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  const outcome = new Promise<Outcome>((resolve) => {
    const done = (how: Outcome['how']): void => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ how, received, sent });
    };
    const giveUp = setTimeout(() => done('still open'), GIVE_UP_MS);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => done('closed'));
    // A reset is the server closing too.
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      );
      timer = setInterval(() => {
        if (socket.writable) {
          socket.write('x');
          sent += 1;
        }
      }, 300);
    });
  });
  return { outcome, socket };
}

describe('HTTP server timeouts', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { HTTP_REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_SECONDS) } });
    base = await listen(t);
  });
  afterAll(() => t.close());

  it('should close the connection when a request body trickles in slower than the request timeout allows', async () => {
    const { outcome, socket } = trickle(Number(new URL(base).port));
    try {
      // Meanwhile the server answers everyone else as usual.
      await new Promise((r) => setTimeout(r, 500));
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);

      const result = await outcome;
      expect(result.how).toBe('closed');
      // Closed long before the body could have been complete (1 000 bytes at one byte per 300 ms).
      expect(result.sent).toBeLessThan(1000);
      // If the server said anything before closing, it was a 408.
      if (result.received !== '') expect(result.received).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      socket.destroy();
    }
  });
});
