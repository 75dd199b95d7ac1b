import { escapeHtml, renderCandidateMail } from './candidate-mail-layout.js';
import { invitationMail } from './candidate-mails.js';

const HOSTILE = `<script>alert("x")</script> & 'friends'`;

describe('candidate mail layout', () => {
  const render = (company?: string) =>
    renderCandidateMail({
      locale: 'en',
      subject: `About ${HOSTILE}`,
      preheader: 'Preview',
      heading: HOSTILE,
      candidateName: 'Ada <b>Lovelace</b>',
      company,
      contact: { email: 'rita@example.test', name: 'Rita Recruiter' },
      blocks: [
        { kind: 'text', text: `Line one ${HOSTILE}\nLine two` },
        { kind: 'facts', rows: [{ label: 'Role', value: HOSTILE }] },
        { kind: 'list', intro: 'You can read about:', items: ['About us', HOSTILE] },
        { kind: 'action', label: 'Open', href: 'https://candor.test/t/abc?x=1&y=2' },
        { kind: 'section', heading: 'Summary', text: HOSTILE },
      ],
    });

  it('should escape every value in the HTML when a title or name holds markup', () => {
    const { html } = render();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>Lovelace');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(html).toContain('href="https://candor.test/t/abc?x=1&amp;y=2"');
    expect(html).toContain('Line one');
    expect(html).toMatch(/Line one [^<]*<br>Line two/);
  });

  it('should carry the same words in the text twin when rendering HTML', () => {
    const { text, html } = render('Acme & Co');
    expect(text).toContain('Hello Ada <b>Lovelace</b>,');
    expect(text).toContain(`Role: ${HOSTILE}`);
    expect(text).toContain(`- ${HOSTILE}`);
    expect(text).toContain('Open:\nhttps://candor.test/t/abc?x=1&y=2');
    expect(text).toContain(`Summary\n${HOSTILE}`);
    expect(text).toContain('write to Rita Recruiter at rita@example.test');
    expect(text).toContain('The Acme & Co hiring team');
    expect(html).toContain('The Acme &amp; Co hiring team');
    expect(html).toContain('lang="en-GB"');
    expect(html).toContain('role="article"');
    expect(html).not.toMatch(/<img|<link|<script|url\(/i);
  });

  it('should leave the company out gracefully when none is configured', () => {
    const { text } = render(undefined);
    expect(text).toContain('The hiring team');
    expect(text).not.toMatch(/undefined|null/);
  });

  it('should refuse a link that is not a web link when rendering a button', () => {
    expect(() =>
      renderCandidateMail({
        locale: 'en',
        subject: 's',
        heading: 'h',
        candidateName: 'n',
        company: undefined,
        contact: null,
        blocks: [{ kind: 'action', label: 'Open', href: 'javascript:alert(1)' }],
      }),
    ).toThrow('not a web link');
  });

  it('should state the facts of an invitation in the candidate terms when rendering one', () => {
    const mail = invitationMail(
      { locale: 'en', candidateName: 'Grace', company: undefined, contact: null },
      {
        assessment: { title: 'Payments take-home', roleTitle: 'Backend Engineer', readingTitles: ['About us'] },
        minutes: 1,
        startBy: new Date('2026-12-03T14:05:42Z'),
        feedbackDueHours: 120,
        link: 'https://candor.test/t/tok',
      },
    );
    expect(mail.subject).toBe('Your Backend Engineer assessment — Payments take-home');
    expect(mail.subject.split(':')).toHaveLength(1);
    expect(mail.text).toContain('Time limit: 1 minute, from when you press Start');
    expect(mail.text).toContain('Start by: Thursday 3 December 2026, 14:05 UTC');
    expect(mail.text).toContain('within 5 days after you submit');
    expect(mail.text).toContain('- About us');
    expect(mail.text).toContain('Any questions? Reply to this email.');
    expect(mail.text).not.toMatch(/GMT|14:05:42|minutes|Company:/);
  });
});
