import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** Decoded (RFC 2047 encoded words undone). */
  subject: string;
  /** The decoded plain-text body (quoted-printable or base64 undone, headers removed; the text part of a multipart). */
  text: string;
  /** The decoded HTML part, when the mail has one. */
  html: string | null;
  /** The Reply-To header's address, when set. */
  replyTo: string | null;
  raw: string;
}

/**
 * A real SMTP server in the test process: the app sends to it over TCP through nodemailer, the test reads
 * what arrived. `failNext(n)` makes the next n deliveries fail with a temporary error (451).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  rejected = 0;
  private failuresLeft = 0;
  private readonly server: SMTPServer;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (this.failuresLeft > 0) {
          this.failuresLeft -= 1;
          this.rejected += 1;
          const err = new Error('Temporary failure, try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          callback(err);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelope = session.envelope;
          this.received.push({
            from: envelope.mailFrom ? envelope.mailFrom.address : '',
            to: envelope.rcptTo.map((r) => r.address),
            subject: decodeWords(header(raw, 'subject')),
            text: part(raw, 'text/plain') ?? decodeBody(raw),
            html: part(raw, 'text/html'),
            replyTo: /<([^>]+)>/.exec(header(raw, 'reply-to'))?.[1] ?? (header(raw, 'reply-to') || null),
            raw,
          });
          callback();
        });
      },
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}?ignoreTLS=true`;
  }

  failNext(count: number): void {
    this.failuresLeft = count;
  }

  /** Resolves with the first mail to `to` (polling: delivery is asynchronous, through the outbox job). */
  async waitFor(to: string, timeoutMs = 30_000): Promise<ReceivedMail> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const mail = this.received.find((m) => m.to.includes(to));
      if (mail) return mail;
      if (Date.now() > until)
        throw new Error(`no mail to ${to} within ${timeoutMs} ms (${this.received.length} received)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return match ? match[1].trim() : '';
}

/** Single-part text mails as nodemailer writes them: quoted-printable, base64 or plain. */
function decodeBody(raw: string): string {
  const separator = /\r?\n\r?\n/.exec(raw);
  const body = separator ? raw.slice(separator.index + separator[0].length) : raw;
  const encoding = header(raw, 'content-transfer-encoding').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Header text with its RFC 2047 encoded words (=?UTF-8?Q?...?= or =?UTF-8?B?...?=) decoded. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** The decoded body of the first part of this content type in a multipart mail (searched to any depth), or null. */
function part(raw: string, type: string): string | null {
  const contentType = header(raw, 'content-type');
  if (contentType.toLowerCase().startsWith(type)) return decodeBody(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!contentType.toLowerCase().startsWith('multipart/') || !boundary) return null;
  const separator = /\r?\n\r?\n/.exec(raw);
  const body = separator ? raw.slice(separator.index + separator[0].length) : '';
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const found = part(chunk.replace(/^\r?\n/, '').replace(/\r?\n$/, ''), type);
    if (found !== null) return found;
  }
  return null;
}
