import { type RubricCriterion } from '../assessments/assessment.entity.js';
import { type Feedback } from './feedback.entity.js';

export interface MailContent {
  subject: string;
  text: string;
}

/** At most `max` characters (code points, so an emoji is never cut in half). */
const shorten = (text: string, max: number): string => {
  const chars = Array.from(text.replace(/\s+/gu, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
};

const day = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** The feedback itself, as the candidate receives it, with the link to read it beside their own answers. */
export function feedbackMail(
  title: string,
  feedback: Feedback,
  rubric: RubricCriterion[],
  pageLink: string,
): MailContent {
  const outcome =
    feedback.decision === 'advance' ? 'We would like to move forward with you.' : 'We will not move forward this time.';
  const criteria = rubric.map((c) => `${c.title}\n${feedback.criteria[c.key] ?? ''}`).join('\n\n');
  return {
    subject: `Your feedback: ${title}`,
    text: [
      `Thank you for taking "${title}". Here is the written feedback from the engineer who reviewed your work.`,
      outcome,
      `Read it beside your own answers, with the reviewer's comments on the passages they refer to, and tell us whether it helped:\n${pageLink}`,
      `Summary\n${feedback.summary}`,
      `What went well\n${feedback.strengths}`,
      `What to improve\n${feedback.improvements}`,
      criteria,
      ...feedback.comments.map((c) => `On "${shorten(c.quote.exact, 80)}":\n${c.text}`),
    ].join('\n\n'),
  };
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

export function lateNoticeMail(title: string, promisedAt: Date): MailContent {
  return {
    subject: `Your feedback is late: ${title}`,
    text: [
      `We promised you written feedback on "${title}" and it is late. That is our fault, not yours, and we are sorry.`,
      `You will have it by ${day(promisedAt)}. It will arrive by email and on your assessment page.`,
    ].join('\n\n'),
  };
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

export function promiseMissedCandidateMail(title: string, promisedAt: Date): MailContent {
  return {
    subject: `Your feedback is still late: ${title}`,
    text: [
      `We told you your written feedback on "${title}" would come by ${day(promisedAt)}, and we have missed that date too. We are sorry.`,
      'It has been escalated to the people who run the hiring team. It will arrive by email and on your assessment page as soon as it is written; we will not give you another date we are not sure of.',
    ].join('\n\n'),
  };
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
