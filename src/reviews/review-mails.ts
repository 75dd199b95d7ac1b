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
