import { createPublishedAssessment, inviteCandidate } from './factories/assessment.factory.js';
import { createStaff, type StaffSession } from './factories/user.factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const MALICIOUS_READING =
  'Welcome.\n\n<script>window.pwned = true</script>\n\n<img src="/x.png" onerror="window.pwned = true">\n\n' +
  '[click me](javascript:window.pwned=true) <a href="/x" onclick="window.pwned = true">x</a>';

describe('GET /t/:token (server-rendered candidate page)', () => {
  let t: TestApp;
  let recruiter: StaffSession;
  let assessmentId: string;

  beforeAll(async () => {
    t = await createTestApp();
    recruiter = await createStaff(t, 'recruiter');
    assessmentId = (await createPublishedAssessment(t, recruiter)).id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('should render the readings, facts and a Start button in HTML when the invitation is new', async () => {
    const { token } = await inviteCandidate(t, recruiter, assessmentId, { extraMinutes: 15 });
    const res = await t.http().get(`/t/${token}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.text).toContain('<h1>Backend take-home</h1>');
    expect(res.text).toContain('Backend Engineer · Payments');
    expect(res.text).toContain('<strong>Correctness first.</strong>');
    expect(res.text).toContain('Payments owns settlement');
    // The candidate's own time: the limit plus the accommodation.
    expect(res.text).toContain('75 minutes');
    expect(res.text).toMatch(/id="start-button"[^>]*>Start now — the 75-minute clock starts/);
    expect(res.text).toContain('data-phase="before"');
    // How many questions of which kinds, and the feedback promise as a rule (feedbackDueHours 120).
    expect(res.text).toContain(
      '<dd id="fact-questions">3 questions: 1 written answer, 1 code question, 1 multiple-choice question</dd>',
    );
    expect(res.text).toContain(
      '<dd id="fact-feedback">Written feedback from a reviewer within 5 days after you submit, by email and here.</dd>',
    );
    // Questions stay hidden until the start; the secret appears nowhere in the page.
    expect(res.text).not.toContain('How would you make a payout job safe to retry?');
    expect(res.text).not.toContain(token);
  });

  it('should render every question in order with a labelled field of the right kind when the attempt is started', async () => {
    const { token, candidateAuth } = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(candidateAuth).expect(200);
    const html = (await t.http().get(`/t/${token}`).expect(200)).text;
    expect(html).toContain('data-phase="during"');
    const order = ['payout job safe to retry', 'sums cents without floats', 'Which isolation level?'].map((p) =>
      html.indexOf(p),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toMatch(
      /<label class="answer-label" id="q1-label" for="q1-answer">Your answer to question 1<\/label>\s*<textarea id="q1-answer" name="design" class="answer"/,
    );
    expect(html).toMatch(/<textarea id="q2-answer" name="code" class="answer answer-code"[^>]*spellcheck="false"/);
    expect(html).toContain(
      '<input type="radio" id="q3-o1" name="choice" value="read committed"><label for="q3-o1">read committed</label>',
    );
    expect(html).toContain(
      '<input type="radio" id="q3-o2" name="choice" value="serializable"><label for="q3-o2">serializable</label>',
    );
    // Readings stay reachable during the attempt, and the countdown has the server's deadline and time.
    expect(html).toMatch(/<details class="readings" id="readings">/);
    expect(html).toMatch(/data-server-now="2026-03-02T09:00:00.000Z"/);
    expect(html).toMatch(/data-deadline="2026-03-02T10:00:00.000Z"/);
  });

  it('should show the confirmation with the feedback due date when the attempt is submitted', async () => {
    const { token, candidateAuth } = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post('/api/v1/candidate/attempt/start').set(candidateAuth).expect(200);
    const submitted = await t.http().post('/api/v1/candidate/attempt/submit').set(candidateAuth).expect(200);
    const html = (await t.http().get(`/t/${token}`).expect(200)).text;
    expect(html).toContain('data-phase="after"');
    expect(html).toContain('Your answers are submitted');
    expect(html).toContain(`datetime="${submitted.body.feedbackDueAt}"`);
    expect(html).not.toContain('id="answers-form"');
  });

  it('should answer 404 with an explanation page when the token is unknown', async () => {
    const res = await t.http().get('/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('This link is not valid');
    expect(res.text).not.toContain('<script');
  });

  it('should answer 404 with the same page when the token is malformed', async () => {
    // (Fastify itself answers 414 for a path parameter over 100 characters.)
    for (const bad of ['not.a.token', 'x'.repeat(100), '%3Cscript%3E', 'a!b']) {
      const res = await t.http().get(`/t/${bad}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('This link is not valid');
      expect(res.text).not.toContain('<script>');
    }
  });

  it('should answer 410 with an explanation page when the invitation was withdrawn', async () => {
    const { token, invitation } = await inviteCandidate(t, recruiter, assessmentId);
    await t.http().post(`/api/v1/invitations/${invitation.id}/withdraw`).set(recruiter.auth).expect(200);
    const res = await t.http().get(`/t/${token}`).expect(410);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('This invitation was withdrawn');
    expect(res.text).not.toContain('Correctness first');
  });

  it('should answer 410 with an explanation page when the start-by date has passed, before and after the expiry sweep', async () => {
    const app = await createTestApp();
    try {
      const staff = await createStaff(app, 'recruiter');
      const published = await createPublishedAssessment(app, staff, { startWindowDays: 1 });
      const { token } = await inviteCandidate(app, staff, published.id);
      app.clock.advanceHours(25);
      const before = await app.http().get(`/t/${token}`).expect(410);
      expect(before.text).toContain('This invitation has expired');
      await app.jobs.runSweeps();
      const after = await app.http().get(`/t/${token}`).expect(410);
      expect(after.text).toContain('This invitation has expired');
    } finally {
      await app.close();
    }
  });

  it('should keep script tags, event handlers and javascript: links out of the HTML when a reading contains them', async () => {
    const published = await createPublishedAssessment(t, recruiter, {
      title: 'Hostile content',
      sections: [
        { kind: 'reading', title: 'Read me', body: MALICIOUS_READING },
        { kind: 'question', key: 'q', prompt: 'Why <script>window.pwned = true</script>?', type: 'text' },
      ],
    });
    const { token, candidateAuth } = await inviteCandidate(t, recruiter, published.id);
    for (const started of [false, true]) {
      if (started) await t.http().post('/api/v1/candidate/attempt/start').set(candidateAuth).expect(200);
      const html = (await t.http().get(`/t/${token}`).expect(200)).text;
      expect(html).toContain('Welcome.');
      // The only script is the page's own, from /assets; the other is a JSON data block (never run).
      expect(html.match(/<script[^>]*>/gi)).toEqual([
        '<script type="module" src="/assets/build/candidate.page.js">',
        '<script type="application/json" id="page-messages">',
      ]);
      expect(html).not.toMatch(/\son(error|click)=/i);
      expect(html).not.toMatch(/javascript:/i);
      expect(html).not.toContain('window.pwned');
    }
  });

  it('should serve the page script and stylesheet from /assets when the page asks for them', async () => {
    const js = await t.http().get('/assets/build/candidate.page.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    const css = await t.http().get('/assets/candidate.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
  });

  it('should write the page in one language with its lang when the browser asks for German', async () => {
    const { token } = await inviteCandidate(t, recruiter, assessmentId);
    const res = await t.http().get(`/t/${token}`).set('Accept-Language', 'de-DE,de;q=0.9').expect(200);
    // Candor has English only so far: the page says so in <html lang>, and its script formats dates in it.
    expect(res.text).toContain('<html lang="en">');
    expect(res.headers.vary).toMatch(/Accept-Language/i);
    const block = /<script type="application\/json" id="page-messages">([^<]*)<\/script>/.exec(res.text);
    expect(JSON.parse(block![1])).toMatchObject({ dateLocale: 'en-GB', savingSoon: 'Saving soon…' });
    expect(res.text).toMatch(/<time class="local-time" datetime="[^"]+">Mon,? 9 March 2026,? (at )?09:00 UTC<\/time>/);
  });

  it('should send the candidate to their invitation email without saying who reads it when no reply address is configured', async () => {
    // An ATS invitation has no recruiter and no Reply-To: the page cannot promise the reply reaches a recruiter.
    const res = await t.http().get('/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
    expect(res.text).toContain('If you think this is a mistake, reply to your invitation email and we will help.');
    expect(res.text).not.toContain('recruiter who invited you');
  });

  it('should name the configured reply address in the advice when MAIL_REPLY_TO is set', async () => {
    const app = await createTestApp({ env: { MAIL_REPLY_TO: 'hiring@example.test' } });
    try {
      const res = await app.http().get('/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404);
      expect(res.text).toContain('write to hiring@example.test and the recruiter will help');
      expect(res.text).not.toContain('reply to your invitation email');
    } finally {
      await app.close();
    }
  });
});
