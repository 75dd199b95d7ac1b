import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';

export interface MailEnvelope {
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  replyTo?: string | null;
}

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise each mail is written as an .eml file under
 * DATA_DIR/mail, so a fresh install works and a developer can open what would have been sent.
 */
@Injectable()
export class MailTransport {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter;
  private readonly toFiles: boolean;

  constructor(private readonly config: AppConfig) {
    this.toFiles = !config.mail.smtpUrl;
    this.transporter = config.mail.smtpUrl
      ? nodemailer.createTransport(withTimeouts(config.mail.smtpUrl))
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: MailEnvelope): Promise<void> {
    const info = (await this.transporter.sendMail({
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? undefined,
      replyTo: mail.replyTo ?? undefined,
      messageId: `<${mail.id}@candor>`,
    })) as { message?: Buffer };
    if (this.toFiles && info.message) {
      await mkdir(this.config.mail.outboxDir, { recursive: true });
      const file = join(this.config.mail.outboxDir, `${mail.id}.eml`);
      await writeFile(file, info.message);
      this.logger.log(`mail ${mail.id} written to ${file}`);
    }
  }

  /** Removes the files written of these messages (an erasure); a message never written to a file is skipped. */
  async forget(ids: readonly string[]): Promise<void> {
    for (const id of ids) await rm(join(this.config.mail.outboxDir, `${id}.eml`), { force: true });
  }
}

/** A dead SMTP server must fail the send quickly so the outbox retries, not hang a worker. */
function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [key, value] of [
    ['connectionTimeout', '5000'],
    ['greetingTimeout', '5000'],
    ['socketTimeout', '10000'],
  ]) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  return url.toString();
}
