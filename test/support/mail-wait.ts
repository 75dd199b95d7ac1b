import { type ReceivedMail, type SmtpSink } from './smtp-sink.js';

/** Polls the sink until every recipient has a mail whose subject matches (delivery runs through the outbox job). */
export async function waitForMails(
  sink: SmtpSink,
  to: string[],
  subject: RegExp,
  timeoutMs = 15_000,
): Promise<ReceivedMail[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = to.map((address) => sink.received.find((m) => m.to.includes(address) && subject.test(m.subject)));
    if (found.every((m) => m !== undefined)) return found;
    if (Date.now() > until)
      throw new Error(
        `no mail matching ${subject} to ${to.filter((_, i) => !found[i]).join(', ')} within ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Mails to one address whose subject matches. */
export const mailsTo = (sink: SmtpSink, to: string, subject: RegExp): ReceivedMail[] =>
  sink.received.filter((m) => m.to.includes(to) && subject.test(m.subject));
