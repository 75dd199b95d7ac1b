import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A local HTTP server standing in for webhook receivers, Greenhouse and Ashby: it records every call and answers
 * each path with the status codes scripted for it, in turn (then 200).
 */
export class HttpReceiver {
  readonly calls: ReceivedCall[] = [];
  private readonly scripts = new Map<string, number[]>();
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.calls.push({
          method: req.method ?? '',
          path,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        const status = this.scripts.get(path)?.shift() ?? 200;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next calls to `path` get these status codes, in order. */
  answer(path: string, ...statuses: number[]): void {
    this.scripts.set(path, statuses);
  }

  callsTo(path: string): ReceivedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  async waitForCalls(path: string, count: number, timeoutMs = 15_000): Promise<ReceivedCall[]> {
    const until = Date.now() + timeoutMs;
    while (this.callsTo(path).length < count) {
      if (Date.now() > until)
        throw new Error(`${path}: ${this.callsTo(path).length} of ${count} calls within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.callsTo(path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
