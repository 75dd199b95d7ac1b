import { fill, type Locale, messagesFor } from '../common/i18n/catalogue.js';

/** One piece of an email's body; the HTML and the plain text are both rendered from the same blocks. */
export type MailBlock =
  /** A paragraph; line breaks in it are kept. */
  | { kind: 'text'; text: string }
  /** Label and value pairs (the facts of an invitation). */
  | { kind: 'facts'; rows: readonly { label: string; value: string }[] }
  /** A short list under an introductory sentence. */
  | { kind: 'list'; intro: string; items: readonly string[] }
  /** The one thing to do: a button, with the link written out beneath it. */
  | { kind: 'action'; label: string; href: string }
  /** A titled passage (a part of the feedback). */
  | { kind: 'section'; heading: string; text: string };

/** Who a candidate can write to: the email's Reply-To, and the name of the person behind it when known. */
export interface MailContact {
  email: string;
  name?: string;
}

export interface CandidateMailContent {
  locale: Locale;
  subject: string;
  /** The inbox's preview line (hidden in the body). */
  preheader?: string;
  heading: string;
  candidateName: string;
  blocks: readonly MailBlock[];
  contact: MailContact | null;
  company: string | undefined;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const COLOURS = { text: '#1f2937', muted: '#4b5563', rule: '#e5e7eb', page: '#f3f4f6', button: '#1d4ed8' };
const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Text for HTML: every character that could open markup or end an attribute is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Escaped, with its line breaks kept. */
const paragraphHtml = (text: string): string => escapeHtml(text).replace(/\r?\n/g, '<br>');

/** Only web links go in a button: anything else in an href would be a way in for a hostile value. */
function safeHref(href: string): string {
  const url = new URL(href);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`not a web link: ${url.protocol}`);
  return url.toString();
}

/**
 * Every email a candidate receives, in one layout: a greeting, the blocks, how to reach a person, a sign-off and a
 * footer saying why the email came. The HTML is small and inline-styled (mail apps drop style sheets), uses no
 * remote images, and reads in order without its styles; the text twin carries the same words.
 */
export function renderCandidateMail(mail: CandidateMailContent): RenderedMail {
  const m = messagesFor(mail.locale).emails.layout;
  const greeting = fill(m.greeting, { name: mail.candidateName });
  const contact = contactLine(mail);
  const signature = mail.company ? fill(m.signatureCompany, { company: mail.company }) : m.signature;
  const footer = mail.company ? fill(m.footerCompany, { company: mail.company }) : m.footer;
  const frame: Frame = { greeting, contact, signature, footer, linkFallback: m.linkFallback, signOff: m.signOff };
  return {
    // A header is one line: a title with a line break in it must not split the subject.
    subject: mail.subject.replace(/\s+/g, ' ').trim(),
    text: renderText(mail, frame),
    html: renderHtml(mail, frame),
  };
}

interface Frame {
  greeting: string;
  contact: string;
  signature: string;
  footer: string;
  linkFallback: string;
  signOff: string;
}

function contactLine(mail: CandidateMailContent): string {
  const m = messagesFor(mail.locale).emails.layout;
  if (!mail.contact) return m.contactReply;
  return mail.contact.name
    ? fill(m.contactNamed, { name: mail.contact.name, email: mail.contact.email })
    : fill(m.contactAddress, { email: mail.contact.email });
}

function renderText(mail: CandidateMailContent, frame: Frame): string {
  const blocks = mail.blocks.map((b): string => {
    switch (b.kind) {
      case 'text':
        return b.text;
      case 'facts':
        return b.rows.map((r) => `${r.label}: ${r.value}`).join('\n');
      case 'list':
        return [b.intro, ...b.items.map((i) => `- ${i}`)].join('\n');
      case 'action':
        return `${b.label}:\n${safeHref(b.href)}`;
      case 'section':
        return `${b.heading}\n${b.text}`;
    }
  });
  return [
    frame.greeting,
    ...blocks,
    frame.contact,
    `${frame.signOff}\n${frame.signature}`,
    // The signature separator ("-- "): mail apps set what follows apart.
    '-- ',
    frame.footer,
  ].join('\n\n');
}

function renderHtml(mail: CandidateMailContent, frame: Frame): string {
  const p = (text: string, style = ''): string =>
    `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;${style}">${paragraphHtml(text)}</p>`;
  const blocks = mail.blocks.map((b): string => {
    switch (b.kind) {
      case 'text':
        return p(b.text);
      case 'facts':
        return [
          `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px;width:100%">`,
          ...b.rows.map(
            (r) =>
              `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 12px 6px 0;font-size:15px;line-height:1.4;font-weight:bold;white-space:nowrap;border-top:1px solid ${COLOURS.rule}">${escapeHtml(r.label)}</th>` +
              `<td style="vertical-align:top;padding:6px 0;font-size:15px;line-height:1.4;border-top:1px solid ${COLOURS.rule}">${paragraphHtml(r.value)}</td></tr>`,
          ),
          `</table>`,
        ].join('');
      case 'list':
        return (
          p(b.intro, 'margin-bottom:8px;') +
          `<ul style="margin:0 0 16px;padding-left:24px;font-size:16px;line-height:1.5">${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
        );
      case 'action': {
        const href = escapeHtml(safeHref(b.href));
        return (
          `<p style="margin:8px 0 16px"><a href="${href}" style="display:inline-block;background:${COLOURS.button};color:#ffffff;font-size:16px;font-weight:bold;text-decoration:none;padding:12px 20px;border-radius:6px">${escapeHtml(b.label)}</a></p>` +
          p(frame.linkFallback, `font-size:14px;color:${COLOURS.muted};margin-bottom:4px;`) +
          `<p style="margin:0 0 16px;font-size:14px;line-height:1.5;word-break:break-all"><a href="${href}" style="color:${COLOURS.button}">${escapeHtml(safeHref(b.href))}</a></p>`
        );
      }
      case 'section':
        return `<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3">${escapeHtml(b.heading)}</h2>` + p(b.text);
    }
  });
  const lang = escapeHtml(messagesFor(mail.locale).emails.format.locale);
  const preheader = mail.preheader
    ? `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all" aria-hidden="true">${escapeHtml(mail.preheader)}</div>`
    : '';
  return [
    `<!DOCTYPE html>`,
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="color-scheme" content="light"><title>${escapeHtml(mail.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:${COLOURS.page};color:${COLOURS.text};font-family:${FONT}">`,
    preheader,
    `<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;background:${COLOURS.page}"><tr><td style="padding:24px 12px">`,
    `<div role="article" aria-label="${escapeHtml(mail.subject)}" lang="${lang}" style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;color:${COLOURS.text}">`,
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${escapeHtml(mail.heading)}</h1>`,
    p(frame.greeting),
    ...blocks,
    p(frame.contact),
    p(`${frame.signOff}\n${frame.signature}`),
    `<p style="margin:24px 0 0;padding-top:16px;border-top:1px solid ${COLOURS.rule};font-size:13px;line-height:1.5;color:${COLOURS.muted}">${escapeHtml(frame.footer)}</p>`,
    `</div></td></tr></table></body></html>`,
  ].join('\n');
}
