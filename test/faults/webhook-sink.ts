import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface SunkDelivery {
  /** The row whose path it came to (`/hooks/<tag>`). */
  tag: string;
  /** The body's `id`: the same across retries of one delivery. */
  id: string;
  type: string;
  invitationId: string | null;
  /** When the whole request had arrived (epoch ms). */
  arrivedAt: number;
  /** When the sink answered 200 (epoch ms): from here on it counts as received. */
  at: number;
}

/** A request the sink refused: signature, body or path wrong (a failure of the service or the suite). */
export interface RefusedDelivery {
  tag: string;
  reason: string;
  at: number;
}

/** What a receiver checks (the contract, written here apart from the service's code): Stripe's `t=,v1=` HMAC. */
const SIGNATURE_TOLERANCE_S = 300;

function signatureProblem(secret: string, header: string | undefined, body: string, nowMs: number): string | null {
  if (!header) return 'no Candor-Signature header';
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  if (!Number.isInteger(t)) return 'Candor-Signature without a t= timestamp';
  if (Math.abs(nowMs / 1000 - t) > SIGNATURE_TOLERANCE_S) return `Candor-Signature timestamp ${t} is not recent`;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? null
    : 'Candor-Signature does not match';
}

/**
 * The suite's webhook receiver (the HTTP counterpart of mail-sink.ts): each row registers a webhook at
 * `/hooks/<tag>` with its secret. The sink takes `latencyMs` over each request before answering 200, as a real
 * receiver over a network does, so that faults land while deliveries are in flight; a request whose sender hung
 * up (was killed) before the answer is not taken, one answered 200 counts as received. A bad signature or body is
 * answered 400 and kept apart: the rows count it as unexpected.
 */
export class WebhookSink {
  readonly received: SunkDelivery[] = [];
  readonly refused: RefusedDelivery[] = [];
  /** Per row, requests whose sender hung up before the answer (killed mid-call): not received, sent again later. */
  readonly cutOff = new Map<string, number>();
  private readonly server: Server;
  private readonly secrets = new Map<string, string>();

  private constructor(private readonly latencyMs: number) {
    this.server = createServer((req, res) => this.take(req, res));
    // Killed senders reset their connections: that is the fault, not the sink's.
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  static async start(latencyMs: number): Promise<WebhookSink> {
    const sink = new WebhookSink(latencyMs);
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  /** The URL a row's webhook points at; its deliveries are told apart by this path. */
  urlFor(tag: string): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hooks/${tag}`;
  }

  /** The secret the row's webhook was created with (shown once by POST /api/v1/webhooks). */
  register(tag: string, secret: string): void {
    this.secrets.set(tag, secret);
  }

  receivedFor(tag: string): SunkDelivery[] {
    return this.received.filter((d) => d.tag === tag);
  }

  refusedFor(tag: string): RefusedDelivery[] {
    return this.refused.filter((d) => d.tag === tag);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(req: IncomingMessage, res: ServerResponse): void {
    const tag = /^\/hooks\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const chunks: Buffer[] = [];
    let gone = false;
    // Before the answer is written, a close means the sender hung up without hearing it.
    res.on('close', () => void (gone = !res.writableFinished));
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined);
    req.on('end', () => {
      const arrivedAt = Date.now();
      setTimeout(() => {
        const at = Date.now();
        if (gone) {
          this.cutOff.set(tag, (this.cutOff.get(tag) ?? 0) + 1);
          return;
        }
        const refuse = (reason: string, status: number): void => {
          this.refused.push({ tag, reason, at });
          res.writeHead(status).end();
        };
        const secret = this.secrets.get(tag);
        if (req.method !== 'POST' || !secret) return refuse(`${req.method} ${req.url}: no webhook there`, 404);
        const raw = Buffer.concat(chunks).toString('utf8');
        const problem = signatureProblem(secret, req.headers['candor-signature'] as string | undefined, raw, at);
        if (problem) return refuse(problem, 400);
        let body: { id?: unknown; type?: unknown; data?: { invitationId?: unknown } };
        try {
          body = JSON.parse(raw) as typeof body;
        } catch {
          return refuse('body is not JSON', 400);
        }
        if (typeof body.id !== 'string' || typeof body.type !== 'string')
          return refuse(`body without id or type: ${raw.slice(0, 200)}`, 400);
        if (req.headers['candor-event'] !== body.type)
          return refuse(`Candor-Event ${String(req.headers['candor-event'])} is not the body's type ${body.type}`, 400);
        // Taken from here on (the 200 goes out next).
        this.received.push({
          tag,
          id: body.id,
          type: body.type,
          invitationId: typeof body.data?.invitationId === 'string' ? body.data.invitationId : null,
          arrivedAt,
          at,
        });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }, this.latencyMs);
    });
  }
}
