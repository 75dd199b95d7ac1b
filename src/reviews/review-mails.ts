import { type RubricCriterion } from '../assessments/assessment.entity.js';
import { fill, messagesFor } from '../common/i18n/catalogue.js';
import { renderCandidateMail } from '../mail/candidate-mail-layout.js';
import { type CandidateMailContext } from '../mail/candidate-mails.js';
import { mailFormat } from '../mail/mail-format.js';
import { type Feedback } from './feedback.entity.js';

/** Staff emails are plain text; a candidate's come in the shared layout, HTML with its text twin. */
export interface MailContent {
  subject: string;
  text: string;
  html?: string;
}

/** At most `max` characters (code points, so an emoji is never cut in half). */
const shorten = (text: string, max: number): string => {
  const chars = Array.from(text.replace(/\s+/gu, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
};

const day = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/**
 * The feedback itself, as the candidate receives it, with the link to read it beside their own answers (a link of
 * its own, made when the feedback is sent: the invitation's link was never stored, only its hash).
 */
export function feedbackMail(
  ctx: CandidateMailContext,
  title: string,
  feedback: Feedback,
  rubric: RubricCriterion[],
  pageLink: string,
): MailContent {
  const m = messagesFor(ctx.locale).emails.feedback;
  return renderCandidateMail({
    ...ctx,
    subject: fill(m.subject, { title }),
    preheader: fill(m.preheader, { title }),
    heading: m.heading,
    blocks: [
      { kind: 'text', text: fill(m.intro, { title }) },
      { kind: 'text', text: feedback.decision === 'advance' ? m.advance : m.decline },
      { kind: 'text', text: m.pageIntro },
      { kind: 'action', label: m.button, href: pageLink },
      { kind: 'section', heading: m.summary, text: feedback.summary },
      { kind: 'section', heading: m.strengths, text: feedback.strengths },
      { kind: 'section', heading: m.improvements, text: feedback.improvements },
      ...rubric.map((c) => ({ kind: 'section' as const, heading: c.title, text: feedback.criteria[c.key] ?? '' })),
      ...feedback.comments.map((c) => ({
        kind: 'section' as const,
        heading: fill(m.commentOn, { quote: shorten(c.quote.exact, 80) }),
        text: c.text,
      })),
    ],
  });
}

export function reminderMail(title: string, percent: 50 | 90, feedbackDueAt: Date, claimed: boolean): MailContent {
  return {
    subject: `Feedback reminder (${percent} percent of the time used): ${title}`,
    text: claimed
      ? `A submission you claimed for "${title}" needs its written feedback by ${day(feedbackDueAt)}. ${percent} % of the time has passed.`
      : `A submission for "${title}" is waiting in the review queue, unclaimed; its feedback is due ${day(feedbackDueAt)}. ${percent} % of the time has passed. Claim it on the review page.`,
  };
}

export function breachMail(title: string, feedbackDueAt: Date, revoked: boolean): MailContent {
  return {
    subject: `Feedback deadline missed: ${title}`,
    text: [
      `A candidate's written feedback for "${title}" was due ${day(feedbackDueAt)} and has not been sent. The breach is recorded.`,
      revoked
        ? "The reviewer's claim was revoked and the submission is back at the head of the review queue."
        : 'The submission is at the head of the review queue, unclaimed.',
      'The candidate will be told of the delay if the feedback is still missing in 24 hours.',
    ].join('\n\n'),
  };
}

/** To the candidate, a day after their feedback was due: it is late, and the new date. */
export function lateNoticeMail(ctx: CandidateMailContext, title: string, promisedAt: Date): MailContent {
  const m = messagesFor(ctx.locale).emails.lateNotice;
  return renderCandidateMail({
    ...ctx,
    subject: fill(m.subject, { title }),
    heading: m.heading,
    blocks: [
      { kind: 'text', text: fill(m.apology, { title }) },
      { kind: 'text', text: fill(m.newDate, { promisedAt: mailFormat(ctx.locale).dateTime(promisedAt) }) },
    ],
  });
}

export function promiseMissedStaffMail(title: string, promisedAt: Date): MailContent {
  return {
    subject: `Feedback promise missed: ${title}`,
    text: [
      `A candidate of "${title}" was told two days ago that their feedback was late and would come by ${day(promisedAt)}. That date has passed and the feedback has not been sent.`,
      'The submission is at the head of the review queue. Please see that someone writes it today; the candidate has been told it is still late.',
    ].join('\n\n'),
  };
}

/** To the candidate, when the promised date passed too: no new date, an honest apology. */
export function promiseMissedCandidateMail(ctx: CandidateMailContext, title: string, promisedAt: Date): MailContent {
  const m = messagesFor(ctx.locale).emails.promiseMissed;
  return renderCandidateMail({
    ...ctx,
    subject: fill(m.subject, { title }),
    heading: m.heading,
    blocks: [
      {
        kind: 'text',
        text: fill(m.apology, { title, promisedAt: mailFormat(ctx.locale).dateTime(promisedAt) }),
      },
      { kind: 'text', text: m.escalated },
    ],
  });
}

export interface AtRiskLine {
  title: string;
  feedbackDueAt: Date;
  expectedAt: Date;
  /** The attempt is still being written: it joins the queue at its deadline. */
  stillWriting: boolean;
}

/**
 * The capacity forecast's warning, to admins and reviewers while there is time: which submissions the team, at
 * its recent pace, will answer after the date their candidates were given. No candidate is named (blind review).
 */
export function atRiskMail(
  lines: readonly AtRiskLine[],
  reviewsPerWorkingDay: number,
  workload: number,
  links: { review: string; dashboard: string },
): MailContent {
  const n = lines.length;
  const list = lines
    .map(
      (l) =>
        `- ${l.title}: feedback due ${day(l.feedbackDueAt)}, at this pace ${day(l.expectedAt)}${l.stillWriting ? ' (the candidate is still writing)' : ''}`,
    )
    .join('\n');
  return {
    subject: `Feedback at risk: ${n} ${n === 1 ? 'candidate' : 'candidates'} will hear back late at the current pace`,
    text: [
      `At the pace of the last days (${reviewsPerWorkingDay} reviews a working day from the active reviewers), the ${workload} submissions waiting or being written will not all get their feedback by the dates their candidates were given. These will be late:`,
      list,
      `Each one reviewed today or tomorrow, beyond the usual, keeps one candidate's date. Claim the most urgent on the review page: ${links.review}`,
      `The forecast, updated every hour, is on the dashboard: ${links.dashboard}`,
    ].join('\n\n'),
  };
}
