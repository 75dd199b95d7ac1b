/**
 * The emails a candidate receives (English). Plain strings with {placeholders} (filled by `fill`), or functions
 * where the words depend on a count. `count` is the number, `shown` the same number written in this language.
 */
export const EMAILS_EN = {
  format: {
    /** The BCP 47 tag dates and numbers are written in, so an email never mixes two languages. */
    locale: 'en-GB',
    /** A moment, in UTC: "Thursday 3 December 2026, 14:05 UTC" (no seconds: a person reads it). */
    dateTime: '{weekday} {day} {month} {year}, {hour}:{minute} UTC',
    minutes: (count: number, shown: string): string => `${shown} ${count === 1 ? 'minute' : 'minutes'}`,
    hours: (count: number, shown: string): string => `${shown} ${count === 1 ? 'hour' : 'hours'}`,
    days: (count: number, shown: string): string => `${shown} ${count === 1 ? 'day' : 'days'}`,
  },
  layout: {
    greeting: 'Hello {name},',
    /** The reply address, with the recruiter's name when the reply goes to them. */
    contactNamed: 'Any questions? Reply to this email, or write to {name} at {email}.',
    contactAddress: 'Any questions? Reply to this email, or write to {email}.',
    contactReply: 'Any questions? Reply to this email.',
    signOff: 'Best wishes,',
    signatureCompany: 'The {company} hiring team',
    signature: 'The hiring team',
    footerCompany: 'You are receiving this email because {company} invited you to an assessment through Candor.',
    footer: 'You are receiving this email because you were invited to an assessment through Candor.',
    /** Under a button: the same link written out, for mail apps that block buttons. */
    linkFallback: 'If the button does not work, copy this link into your browser:',
  },
  invitation: {
    subject: 'Your {role} assessment — {title}',
    subjectNewLink: 'Your {role} assessment — {title} (new link)',
    preheader: 'Please start by {startBy}. You will have {duration} once you start.',
    heading: 'Your {role} assessment',
    introCompany: '{company} invites you to take “{title}”, the take-home assessment for the {role} role.',
    intro: 'You are invited to take “{title}”, the take-home assessment for the {role} role.',
    replaces: 'This email replaces the one we sent before: its link no longer works, this one does.',
    labelCompany: 'Company',
    labelRole: 'Role',
    labelAssessment: 'Assessment',
    labelTimeLimit: 'Time limit',
    labelStartBy: 'Start by',
    labelFeedback: 'Feedback',
    timeLimit: '{duration}, from when you press Start',
    feedbackRule: 'Written feedback within {period} after you submit',
    readings: 'Before the clock starts, you can read about:',
    howItWorks:
      'The clock starts only when you press Start. Your answers are saved as you type, and whatever is saved when the time runs out is submitted for you.',
    feedbackPromise:
      'Whatever the outcome, you will get written feedback from the engineer who reviews your work, within {period} after you submit. It comes by email.',
    button: 'Open your assessment',
    personal: 'This link is personal: please do not share it.',
  },
  resentDuringAttempt: {
    intro: 'Here is a new private link to your assessment “{title}”. The link we sent before no longer works.',
    underWay: 'Your attempt is under way and ends on {deadline}. Everything you saved is still there.',
    button: 'Continue your assessment',
  },
  receipt: {
    subject: 'We have your answers — {title}',
    preheader: 'Your written feedback is due by {feedbackDueAt}.',
    heading: 'We have your answers',
    byCandidate: 'Thank you for taking “{title}”. You submitted your answers on {submittedAt}.',
    byDeadline:
      'The time for “{title}” ran out, so on {submittedAt} we submitted the answers you had saved. Thank you for taking it.',
    labelSubmitted: 'Submitted',
    labelFeedbackDue: 'Feedback due by',
    nextSteps:
      'An engineer will now review your work and write to you. You will have your written feedback by {feedbackDueAt}, by email.',
    page: 'You can also read it on your assessment page: open the link from your invitation email.',
  },
  withdrawal: {
    subject: 'Your {role} assessment has been withdrawn — {title}',
    heading: 'Your invitation has been withdrawn',
    bodyCompany:
      '{company} has withdrawn its invitation to take “{title}” for the {role} role, so its link no longer works. You do not need to do anything.',
    body: 'The invitation to take “{title}” for the {role} role has been withdrawn, so its link no longer works. You do not need to do anything.',
    question: 'If you think this is a mistake, please reply to this email.',
  },
  expiry: {
    subject: 'Your {role} assessment invitation has expired — {title}',
    heading: 'Your invitation has expired',
    body: 'Your invitation to take “{title}” for the {role} role asked you to start by {startBy}. That time has passed, so its link no longer works.',
    ask: 'If you would still like to take it, reply to this email and ask for a new invitation.',
  },
  feedback: {
    subject: 'Your feedback: {title}',
    preheader: 'Written feedback on your assessment “{title}”.',
    heading: 'Your feedback',
    intro: 'Thank you for taking “{title}”. Here is the written feedback from the engineer who reviewed your work.',
    advance: 'We would like to move forward with you.',
    decline: 'We will not move forward this time.',
    pageIntro:
      'Read it beside your own answers, with the reviewer’s comments on the passages they refer to, and tell us whether it helped.',
    button: 'Read your feedback',
    summary: 'Summary',
    strengths: 'What went well',
    improvements: 'What to improve',
    commentOn: 'On “{quote}”',
  },
  lateNotice: {
    subject: 'Your feedback is late: {title}',
    heading: 'Your feedback is late',
    apology:
      'We promised you written feedback on “{title}” and it is late. That is our fault, not yours, and we are sorry.',
    newDate: 'You will have it by {promisedAt}. It will arrive by email and on your assessment page.',
  },
  promiseMissed: {
    subject: 'Your feedback is still late: {title}',
    heading: 'Your feedback is still late',
    apology:
      'We told you your written feedback on “{title}” would come by {promisedAt}, and we have missed that date too. We are sorry.',
    escalated:
      'It has been escalated to the people who run the hiring team. It will arrive by email and on your assessment page as soon as it is written; we will not give you another date we are not sure of.',
  },
};
