import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  to: string[];
  subject: string;
  /** Without the angle brackets: `<outbox id>@candor`. */
  messageId: string;
  /** When the sink accepted it (epoch ms). */
  at: number;
}

/**
 * The suite's SMTP server (as test/support/smtp-sink.ts, plus latency): it takes `latencyMs` over each mail
 * before accepting it, as a real server over a network does, so that faults land while mail is in flight. A mail
 * whose sender hung up (was killed) before that is not accepted; one accepted counts as delivered.
 */
export class MailSink {
  readonly received: SunkMail[] = [];
  private readonly server: SMTPServer;
  private readonly closed = new Set<string>();

  private constructor(latencyMs: number) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onClose: (session) => void this.closed.add(session.id),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          setTimeout(() => {
            if (this.closed.has(session.id)) return;
            const head = (
              Buffer.concat(chunks)
                .toString('utf8')
                .split(/\r?\n\r?\n/)[0] ?? ''
            ).replace(/\r?\n[ \t]+/g, ' ');
            // Accepted from here on (the 250 goes out next).
            this.received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: /^subject:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? '',
              messageId: /^message-id:\s*<([^>]+)>/im.exec(head)?.[1] ?? '',
              at: Date.now(),
            });
            callback();
          }, latencyMs);
        });
      },
    });
    // The rows kill senders mid-session: their connections reset (ECONNRESET), which is the fault, not the sink's.
    this.server.on('error', () => undefined);
  }

  static async start(latencyMs: number): Promise<MailSink> {
    const sink = new MailSink(latencyMs);
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}?ignoreTLS=true`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
