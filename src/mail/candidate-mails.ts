import { fill, type Locale, messagesFor } from '../common/i18n/catalogue.js';
import { type MailBlock, type MailContact, renderCandidateMail, type RenderedMail } from './candidate-mail-layout.js';
import { mailFormat } from './mail-format.js';

/** What every candidate email needs to know of its sender and recipient. */
export interface CandidateMailContext {
  locale: Locale;
  candidateName: string;
  /** COMPANY_NAME; undefined leaves the company out. */
  company: string | undefined;
  /** The Reply-To (MAIL_REPLY_TO or the inviting recruiter), named in the email; null: replies go to MAIL_FROM. */
  contact: MailContact | null;
}

/** The assessment as the candidate's emails describe it. */
export interface MailAssessment {
  title: string;
  roleTitle: string;
}

export interface InvitationMailInput {
  assessment: MailAssessment & { readingTitles: readonly string[] };
  minutes: number;
  startBy: Date;
  feedbackDueHours: number;
  link: string;
  /** A resend: the email says it replaces the one before. */
  newLink?: boolean;
}

/** The invitation (alone, in bulk or sent again before the attempt started). */
export function invitationMail(ctx: CandidateMailContext, input: InvitationMailInput): RenderedMail {
  const m = messagesFor(ctx.locale).emails.invitation;
  const f = mailFormat(ctx.locale);
  const { title, roleTitle: role } = input.assessment;
  const duration = f.minutes(input.minutes);
  const startBy = f.dateTime(input.startBy);
  const period = f.period(input.feedbackDueHours);
  const company = ctx.company;
  const blocks: MailBlock[] = [
    { kind: 'text', text: company ? fill(m.introCompany, { company, title, role }) : fill(m.intro, { title, role }) },
    ...(input.newLink ? [{ kind: 'text', text: m.replaces } as const] : []),
    {
      kind: 'facts',
      rows: [
        ...(company ? [{ label: m.labelCompany, value: company }] : []),
        { label: m.labelRole, value: role },
        { label: m.labelAssessment, value: title },
        { label: m.labelTimeLimit, value: fill(m.timeLimit, { duration }) },
        { label: m.labelStartBy, value: startBy },
        { label: m.labelFeedback, value: fill(m.feedbackRule, { period }) },
      ],
    },
    { kind: 'action', label: m.button, href: input.link },
    ...(input.assessment.readingTitles.length > 0
      ? [{ kind: 'list', intro: m.readings, items: input.assessment.readingTitles } as const]
      : []),
    { kind: 'text', text: m.howItWorks },
    { kind: 'text', text: fill(m.feedbackPromise, { period }) },
    { kind: 'text', text: m.personal },
  ];
  return renderCandidateMail({
    ...frame(ctx),
    subject: fill(input.newLink ? m.subjectNewLink : m.subject, { role, title }),
    preheader: fill(m.preheader, { startBy, duration }),
    heading: fill(m.heading, { role }),
    blocks,
  });
}

/** A new link while the attempt is under way: the clock keeps running, the saved answers are kept. */
export function resentDuringAttemptMail(
  ctx: CandidateMailContext,
  input: { assessment: MailAssessment; deadline: Date; link: string },
): RenderedMail {
  const e = messagesFor(ctx.locale).emails;
  const m = e.resentDuringAttempt;
  const { title, roleTitle: role } = input.assessment;
  return renderCandidateMail({
    ...frame(ctx),
    subject: fill(e.invitation.subjectNewLink, { role, title }),
    heading: fill(e.invitation.heading, { role }),
    blocks: [
      { kind: 'text', text: fill(m.intro, { title }) },
      { kind: 'text', text: fill(m.underWay, { deadline: mailFormat(ctx.locale).dateTime(input.deadline) }) },
      { kind: 'action', label: m.button, href: input.link },
      { kind: 'text', text: e.invitation.personal },
    ],
  });
}

/** The receipt of a submission, by the candidate or by the deadline, with the date the feedback is due. */
export function receiptMail(
  ctx: CandidateMailContext,
  input: { assessment: MailAssessment; by: 'candidate' | 'deadline'; submittedAt: Date; feedbackDueAt: Date },
): RenderedMail {
  const m = messagesFor(ctx.locale).emails.receipt;
  const f = mailFormat(ctx.locale);
  const { title } = input.assessment;
  const submittedAt = f.dateTime(input.submittedAt);
  const feedbackDueAt = f.dateTime(input.feedbackDueAt);
  return renderCandidateMail({
    ...frame(ctx),
    subject: fill(m.subject, { title }),
    preheader: fill(m.preheader, { feedbackDueAt }),
    heading: m.heading,
    blocks: [
      { kind: 'text', text: fill(input.by === 'candidate' ? m.byCandidate : m.byDeadline, { title, submittedAt }) },
      {
        kind: 'facts',
        rows: [
          { label: m.labelSubmitted, value: submittedAt },
          { label: m.labelFeedbackDue, value: feedbackDueAt },
        ],
      },
      { kind: 'text', text: fill(m.nextSteps, { feedbackDueAt }) },
      { kind: 'text', text: m.page },
    ],
  });
}

/** The invitation was withdrawn (by a recruiter, or by the ATS that asked for it). */
export function withdrawalMail(ctx: CandidateMailContext, input: { assessment: MailAssessment }): RenderedMail {
  const m = messagesFor(ctx.locale).emails.withdrawal;
  const { title, roleTitle: role } = input.assessment;
  const company = ctx.company;
  return renderCandidateMail({
    ...frame(ctx),
    subject: fill(m.subject, { role, title }),
    heading: m.heading,
    blocks: [
      { kind: 'text', text: company ? fill(m.bodyCompany, { company, title, role }) : fill(m.body, { title, role }) },
      { kind: 'text', text: m.question },
    ],
  });
}

/** The invitation was not started by its start-by date. */
export function expiryMail(
  ctx: CandidateMailContext,
  input: { assessment: MailAssessment; startBy: Date },
): RenderedMail {
  const m = messagesFor(ctx.locale).emails.expiry;
  const { title, roleTitle: role } = input.assessment;
  return renderCandidateMail({
    ...frame(ctx),
    subject: fill(m.subject, { role, title }),
    heading: m.heading,
    blocks: [
      {
        kind: 'text',
        text: fill(m.body, { title, role, startBy: mailFormat(ctx.locale).dateTime(input.startBy) }),
      },
      { kind: 'text', text: m.ask },
    ],
  });
}

const frame = (
  ctx: CandidateMailContext,
): Pick<Parameters<typeof renderCandidateMail>[0], 'locale' | 'candidateName' | 'company' | 'contact'> => ({
  locale: ctx.locale,
  candidateName: ctx.candidateName,
  company: ctx.company,
  contact: ctx.contact,
});
