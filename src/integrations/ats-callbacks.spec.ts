import { ashbyUpdate, callsAtsBack } from './ats-callbacks.js';

const facts = {
  invitationId: '7f000000-0000-4000-8000-000000000001',
  profileUrl: 'https://candor.example/invitations?id=7f000000-0000-4000-8000-000000000001',
  now: new Date('2026-12-01T10:00:00Z'),
  scorePercent: 83,
  decision: 'advance' as const,
  submittedBy: 'candidate',
};

describe('ashbyUpdate', () => {
  it("should carry the score as Ashby's numeric_score result when feedback is sent", () => {
    const update = ashbyUpdate({ ...facts, event: 'feedback.sent' });
    expect(update).toMatchObject({
      assessment_id: facts.invitationId,
      update_request_timestamp: facts.now.getTime(),
      assessment_status: { identifier: 'status', type: 'string', value: 'Completed' },
      assessment_profile_url: facts.profileUrl,
      assessment_result: { identifier: 'score', type: 'numeric_score', value: 83 },
    });
    expect(update.metadata).toContainEqual({
      identifier: 'decision',
      label: "Reviewer's decision",
      type: 'string',
      value: 'advance',
    });
  });

  it('should send no result when the assessment has only started', () => {
    const update = ashbyUpdate({ ...facts, event: 'attempt.started', scorePercent: null, decision: null });
    expect(update.assessment_status.value).toBe('Started');
    expect(update.assessment_result).toBeUndefined();
    expect(update.cancelled_reason).toBeUndefined();
  });

  it('should say why when the invitation was withdrawn or expired', () => {
    expect(ashbyUpdate({ ...facts, event: 'invitation.withdrawn' })).toMatchObject({
      assessment_status: { value: 'Cancelled' },
      cancelled_reason: 'Withdrawn',
    });
    expect(ashbyUpdate({ ...facts, event: 'invitation.expired' }).assessment_status.value).toBe('Expired');
  });
});

describe('callsAtsBack', () => {
  it('should pass only the events some ATS is told of when events are recorded', () => {
    expect(['attempt.started', 'attempt.submitted', 'feedback.sent', 'invitation.expired'].every(callsAtsBack)).toBe(
      true,
    );
    expect(['invitation.created', 'review.claimed', 'invitation.resent'].some(callsAtsBack)).toBe(false);
  });
});
