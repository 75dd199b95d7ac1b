import { askRecruiter } from './candidate-page.filter.js';

describe('askRecruiter', () => {
  it('should name the configured address when MAIL_REPLY_TO is set', () => {
    expect(askRecruiter('hiring@example.test')).toBe(
      'If you think this is a mistake, write to hiring@example.test and the recruiter will help.',
    );
  });

  it('should send the candidate to the invitation email without saying who reads it when no address is set', () => {
    // Without MAIL_REPLY_TO an ATS invitation's reply goes to MAIL_FROM, not to a recruiter.
    expect(askRecruiter(undefined)).toBe(
      'If you think this is a mistake, reply to your invitation email and we will help.',
    );
  });
});
