import {
  assessmentBody,
  createPublishedAssessment,
  createSubmission,
  type InvitedCandidate,
} from './factories/assessment.factory.js';
import { goodFeedback, QUOTED_PASSAGE } from './factories/submission.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { waitForMails } from './support/mail-wait.js';
import { SmtpSink } from './support/smtp-sink.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface Problem {
  status: number;
  type: string;
  errors: { field: string; message: string }[];
}

type Feedback = Record<string, unknown> & {
  criteria: Record<string, string>;
  comments: { questionKey: string; quote: Record<string, string>; text: string }[];
};

const GENERIC = 'The candidate did fine on the task and the answers were mostly okay and complete enough for us.';
const ZWSP_PADDED = `Good work here.${'\u200b'.repeat(70)}`;

/** Feedback a reviewer in a hurry might send, each class of it, and the field it must be refused on. */
const FILLER: [string, (f: Feedback) => Feedback, string[]][] = [
  [
    'one generic sentence pasted into summary, strengths and improvements',
    (f) => ({ ...f, summary: GENERIC, strengths: GENERIC, improvements: GENERIC }),
    ['strengths', 'improvements'],
  ],
  [
    'the same short praise as every criterion comment',
    (f) => ({
      ...f,
      criteria: { correctness: 'Good job, well done overall.', clarity: 'Good job, well done overall.' },
    }),
    ['criteria.clarity'],
  ],
  [
    'zero-width spaces padding three short texts',
    (f) => ({ ...f, summary: ZWSP_PADDED, strengths: ZWSP_PADDED, improvements: ZWSP_PADDED }),
    ['summary', 'strengths', 'improvements'],
  ],
  ['punctuation padding', (f) => ({ ...f, summary: `Nice solution overall${'!?.,;'.repeat(20)}` }), ['summary']],
  ['emoji padding', (f) => ({ ...f, summary: `Great work, well done ${'👍🎉🚀'.repeat(25)}` }), ['summary']],
  ['braille blank padding', (f) => ({ ...f, summary: `Solid answer overall.${'\u2800'.repeat(90)}` }), ['summary']],
  ['"a b c" repeated', (f) => ({ ...f, summary: 'a b c '.repeat(30) }), ['summary']],
  [
    'lorem ipsum without those two words',
    (f) => ({
      ...f,
      summary:
        'Dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.',
    }),
    ['summary'],
  ],
  [
    '"L0rem ipsum" with a digit zero',
    (f) => ({
      ...f,
      summary: 'L0rem ipsum d0lor sit amet, c0nsectetur adipiscing elit, sed do eiusm0d tempor incididunt ut labore.',
    }),
    ['summary'],
  ],
  [
    'a template marker left in',
    (f) => ({ ...f, improvements: `[INSERT FEEDBACK HERE] ${f.improvements as string}` }),
    ['improvements'],
  ],
  [
    'an anchored comment whose quote is not in the answer',
    (f) => ({ ...f, comments: [{ ...f.comments[0], quote: { exact: 'a passage the candidate never wrote' } }] }),
    ['comments[0].quote'],
  ],
  ['no anchored comment at all', (f) => ({ ...f, comments: [] }), ['comments']],
  [
    'an anchored comment of two words',
    (f) => ({ ...f, comments: [{ ...f.comments[0], text: 'Nice idea.' }] }),
    ['comments[0].text'],
  ],
];

describe('useful feedback: anchored to the work, never boilerplate', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let recruiter: StaffSession;
  let reviewer: StaffSession;
  let other: StaffSession;
  let assessmentId: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ env: { SMTP_URL: smtp.url, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    recruiter = await createStaff(t, 'recruiter');
    reviewer = await createStaff(t, 'reviewer');
    other = await createStaff(t, 'reviewer');
    assessmentId = (await createPublishedAssessment(t, recruiter)).id;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function claimNew(by: StaffSession = reviewer): Promise<{ candidate: InvitedCandidate; reviewId: string }> {
    // Nothing else waits in the queue: each test claims the submission it made.
    await t.dataSource.query(`UPDATE invitations SET status = 'withdrawn' WHERE status = 'submitted'`);
    const candidate = await createSubmission(t, recruiter, assessmentId);
    const claim = await t.http().post('/api/v1/reviews/claim').set(by.auth).expect(200);
    return { candidate, reviewId: claim.body.id };
  }

  const complete = (reviewId: string, body: Record<string, unknown>, by: StaffSession = reviewer) =>
    t.http().post(`/api/v1/reviews/${reviewId}/complete`).set(by.auth).send(body);
  const feedback = (tag: string): Feedback => goodFeedback(tag) as Feedback;

  it.each(FILLER)(
    'should answer 422 on the right fields, in the draft too, and store nothing when the feedback has %s',
    async (_kind, spoil, fields) => {
      const { candidate, reviewId } = await claimNew();
      const body = spoil(feedback(`filler-${fields.join()}`));
      const res = await complete(reviewId, body).expect(422);
      const problem = res.body as Problem;
      expect(problem.type).toMatch(/feedback-not-useful$/);
      expect(problem.errors.map((e) => e.field)).toEqual(fields);
      for (const e of problem.errors) expect(e.message).not.toMatch(/undefined|\[object|correctness|clarity\b(?!")/);
      const draft = await t.http().put(`/api/v1/reviews/${reviewId}/draft`).set(reviewer.auth).send(body).expect(200);
      expect((draft.body.unmet as Problem['errors']).map((u) => u.field)).toEqual(fields);
      expect(
        await t.dataSource.query(`SELECT 1 FROM feedback WHERE invitation_id = $1`, [candidate.invitation.id]),
      ).toHaveLength(0);
      await t.http().post(`/api/v1/reviews/${reviewId}/release`).set(reviewer.auth).expect(200);
    },
  );

  it('should name criteria by their titles when a criterion comment is refused', async () => {
    const { reviewId } = await claimNew();
    const res = await complete(reviewId, {
      ...feedback('titles'),
      criteria: { correctness: 'Too short.', clarity: feedback('titles').criteria.clarity },
    }).expect(422);
    expect((res.body as Problem).errors).toEqual([
      { field: 'criteria.correctness', message: expect.stringContaining('"Correctness"') },
    ]);
    await t.http().post(`/api/v1/reviews/${reviewId}/release`).set(reviewer.auth).expect(200);
  });

  describe('near copies of feedback sent to another candidate, by any reviewer', () => {
    let sent: Feedback;

    beforeAll(async () => {
      const { reviewId } = await claimNew(other);
      sent = {
        ...feedback('sent-by-other'),
        strengths:
          'You reached for idempotency keys at once. The retry loop backs off with jitter. Your notes explain why serializable isolation matters here.',
      };
      await complete(reviewId, sent, other).expect(200);
    });

    it.each([
      ['copied with one word added', (s: string) => s.replace('at once', 'at once, wisely')],
      [
        'copied with look-alike letters (Cyrillic а, е, о)',
        (s: string) => s.replace(/a/g, 'а').replace(/e/g, 'е').replace(/o/g, 'о'),
      ],
      ['copied with its sentences reordered', (s: string) => s.split('. ').reverse().join('. ')],
    ])('should answer 422 on the field when it is %s', async (_kind, edit) => {
      const { reviewId } = await claimNew();
      const res = await complete(reviewId, {
        ...feedback(`copy-${_kind}`),
        strengths: edit(sent.strengths as string),
      }).expect(422);
      expect((res.body as Problem).errors).toEqual([
        { field: 'strengths', message: expect.stringMatching(/another reviewer sent to another candidate/) },
      ]);
      await t.http().post(`/api/v1/reviews/${reviewId}/release`).set(reviewer.auth).expect(200);
    });

    it('should not count a sentence toward the minimum length when it was sent to another candidate', async () => {
      const { reviewId } = await claimNew();
      const reused = 'You reached for idempotency keys at once. Good naming.';
      const res = await complete(reviewId, {
        ...feedback('boilerplate'),
        summary: `${reused} The ledger tests cover rounding.`,
      }).expect(422);
      expect((res.body as Problem).errors).toEqual([
        { field: 'summary', message: expect.stringMatching(/your own words.*other candidates do not count/) },
      ]);
      await t.http().post(`/api/v1/reviews/${reviewId}/release`).set(reviewer.auth).expect(200);
    });
  });

  it('should store the comment anchored where prefix and suffix point, and give the candidate offsets, answers and a working link by email', async () => {
    const { candidate, reviewId } = await claimNew();
    // The design answer says QUOTED_PASSAGE once; the code answer too. The second occurrence is chosen by context.
    const answer = `${QUOTED_PASSAGE}: an answer to design that explains the trade-offs.`;
    const body = {
      ...feedback('anchored'),
      comments: [
        {
          questionKey: 'design',
          quote: { exact: 'explains the trade-offs', prefix: 'design that ' },
          text: 'Name the trade-offs: latency against double payouts, and which one you chose.',
        },
        {
          questionKey: 'code',
          quote: { exact: 'idempotent with a key', suffix: ' per payout' },
          text: 'In the code answer this idea needs an actual unique index to hold.',
        },
      ],
    };
    await complete(reviewId, body).expect(200);

    const res = await t.http().get('/api/v1/candidate/feedback').set(candidate.candidateAuth).expect(200);
    const start = answer.indexOf('explains the trade-offs');
    expect(res.body.comments).toEqual([
      {
        questionKey: 'design',
        quote: { exact: 'explains the trade-offs', start, end: start + 'explains the trade-offs'.length },
        text: body.comments[0].text,
      },
      {
        questionKey: 'code',
        quote: { exact: 'idempotent with a key', start: 8, end: 29 },
        text: body.comments[1].text,
      },
    ]);
    expect(res.body.answers.design).toBe(answer);

    const [row] = await t.dataSource.query(`SELECT candidate_email FROM invitations WHERE id = $1`, [
      candidate.invitation.id,
    ]);
    const [mail] = await waitForMails(smtp, [row.candidate_email], /^Your feedback: /);
    const link = /http:\/\/candor\.test\/t\/([A-Za-z0-9_-]{43})/.exec(mail.text);
    expect(link).not.toBeNull();
    expect(link![1]).not.toBe(candidate.token);
    const viaMail = await t
      .http()
      .get('/api/v1/candidate/feedback')
      .set({ Authorization: `Bearer ${link![1]}` })
      .expect(200);
    expect(viaMail.body.comments).toHaveLength(2);
    expect(mail.text).toContain(body.comments[0].text);
  });

  it('should need no anchored comment when the assessment asks for none, and refuse 21 as a minimum', async () => {
    const relaxed = await createPublishedAssessment(t, recruiter, { minAnchoredComments: 0 });
    expect(relaxed.minAnchoredComments).toBe(0);
    await t.dataSource.query(`UPDATE invitations SET status = 'withdrawn' WHERE status = 'submitted'`);
    await createSubmission(t, recruiter, relaxed.id);
    const claim = await t.http().post('/api/v1/reviews/claim').set(reviewer.auth).expect(200);
    expect(claim.body.limits).toMatchObject({
      minAnchoredComments: 0,
      minChars: 80,
      criterionMinChars: 20,
      commentMinChars: 20,
      quoteMinChars: 8,
    });
    await complete(claim.body.id, { ...feedback('relaxed'), comments: [] }).expect(200);

    const bad = await t
      .http()
      .post('/api/v1/assessments')
      .set(recruiter.auth)
      .send(assessmentBody({ minAnchoredComments: 21 }))
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['minAnchoredComments']);
  });

  it.each([
    ['a nested array', [[]]],
    ['a comment without a quote', [{ questionKey: 'design', text: 'A comment that has no passage to point at.' }]],
    [
      'a quote that is a string',
      [{ questionKey: 'design', quote: 'explains', text: 'A comment whose quote is not a selector.' }],
    ],
  ])('should answer 400 and save nothing when comments hold %s', async (_kind, comments) => {
    const { reviewId } = await claimNew();
    const res = await t
      .http()
      .put(`/api/v1/reviews/${reviewId}/draft`)
      .set(reviewer.auth)
      .send({ comments })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors[0].field).toMatch(/^comments/);
    const [review] = await t.dataSource.query(`SELECT draft FROM reviews WHERE id = $1`, [reviewId]);
    expect(review.draft).toEqual({});
    await t.http().post(`/api/v1/reviews/${reviewId}/release`).set(reviewer.auth).expect(200);
  });
});
