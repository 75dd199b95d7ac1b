import { askRecruiter } from './candidate-page.filter.js';

describe('askRecruiter', () => {
  it('should name the configured address when MAIL_REPLY_TO is set', () => {
    expect(askRecruiter('hiring@example.test')).toBe(
      'If you think this is a mistake, write to hiring@example.test and the recruiter will help.',
    );
  });

  it('should send the candidate to the inviting recruiter through the invitation email when no address is set', () => {
    expect(askRecruiter(undefined)).toContain(
      'reply to your invitation email: it goes to the recruiter who invited you',
    );
  });
});
