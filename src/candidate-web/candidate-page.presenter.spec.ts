import { NOTHING_RENDERED, renderSections } from '../assessments/rendered-content.js';
import { type AttemptView } from '../attempts/attempt.view.js';
import { messagesFor } from '../common/i18n/catalogue.js';
import {
  type CandidatePageModel,
  feedbackRule,
  pageTime,
  presentCandidatePage,
  questionSummary,
  storageKeyFor,
} from './candidate-page.presenter.js';

const TOKEN = 'kq3Xo1m0b1Yy9u2c0v8n7m6l5k4j3h2g1f0e9d8c7b6';

function view(overrides: Partial<AttemptView> = {}): AttemptView {
  return {
    status: 'invited',
    assessment: {
      title: 'Backend take-home',
      roleTitle: 'Backend Engineer',
      team: 'Payments',
      timeLimitMinutes: 60,
      feedbackDueHours: 120,
      questionCounts: { text: 1, code: 1, choice: 1 },
    },
    totalMinutes: 75,
    readings: [{ kind: 'reading', title: 'About us', body: 'We **ship**.' }],
    startBy: new Date('2026-03-09T09:00:00Z'),
    startedAt: null,
    deadline: null,
    submittedAt: null,
    submittedBy: null,
    feedbackDueAt: null,
    serverNow: new Date('2026-03-02T09:00:00Z'),
    ...overrides,
  };
}

const STARTED: Partial<AttemptView> = {
  status: 'started',
  startedAt: new Date('2026-03-02T09:00:00Z'),
  deadline: new Date('2026-03-02T10:15:00Z'),
  questions: [
    { kind: 'question', key: 'design', prompt: 'Why?', type: 'text', required: true },
    { kind: 'question', key: 'code', prompt: 'Write `sum`.', type: 'code', required: true },
    { kind: 'question', key: 'pick', prompt: 'Which?', type: 'choice', options: ['a', 'b'], required: false },
  ],
};

/** The page as served: with the HTML the version stored when it was published. */
const present = (v: AttemptView, token = TOKEN, grace = 30): CandidatePageModel =>
  presentCandidatePage(v, renderSections([...v.readings, ...(v.questions ?? [])]).rendered, token, grace);

describe('presentCandidatePage', () => {
  it('should show the readings and the candidate’s own time limit when the invitation is not started', () => {
    const page = present(view());
    expect(page).toMatchObject({
      phase: 'before',
      before: true,
      during: false,
      after: false,
      timeLimitMinutes: 75,
      questions: [],
    });
    expect(page.readings).toEqual([{ id: 'reading-1', title: 'About us', html: '<p>We <strong>ship</strong>.</p>\n' }]);
    expect(page.startBy?.iso).toBe('2026-03-09T09:00:00.000Z');
    // Readable without the script, in UTC (the exact punctuation is the ICU version's).
    expect(page.startBy?.text).toMatch(/^Mon.* 9 March 2026.* 09:00 UTC$/);
  });

  it('should number the questions in order and mark code and choice fields when the attempt is started', () => {
    const page = present(view(STARTED));
    expect(page.phase).toBe('during');
    expect(page.deadline?.iso).toBe('2026-03-02T10:15:00.000Z');
    expect(page.serverNow).toBe('2026-03-02T09:00:00.000Z');
    expect(page.graceSeconds).toBe(30);
    expect(page.questions.map((q) => [q.key, q.id, q.number, q.count, q.code, q.choice, q.required])).toEqual([
      ['design', 'q1', 1, 3, false, false, true],
      ['code', 'q2', 2, 3, true, false, true],
      ['pick', 'q3', 3, 3, false, true, false],
    ]);
    expect(page.questions[1].promptHtml).toBe('<p>Write <code>sum</code>.</p>\n');
    expect(page.questions[2].options).toEqual([
      { id: 'q3-o1', value: 'a' },
      { id: 'q3-o2', value: 'b' },
    ]);
  });

  it.each(['submitted', 'in_review', 'feedback_sent'] as const)(
    'should show the confirmation when the status is %s',
    (status) => {
      const page = present(
        view({
          ...STARTED,
          status,
          submittedAt: new Date('2026-03-02T10:15:00Z'),
          submittedBy: 'deadline',
          feedbackDueAt: new Date('2026-03-07T10:15:00Z'),
        }),
      );
      expect(page).toMatchObject({
        phase: 'after',
        submittedByDeadline: true,
        feedbackSent: status === 'feedback_sent',
      });
      expect(page.feedbackDueAt?.iso).toBe('2026-03-07T10:15:00.000Z');
    },
  );

  it('should derive a storage key that reveals neither the token nor its lookup hash when rendering', () => {
    const page = present(view());
    expect(page.storageKey).toBe(storageKeyFor(TOKEN));
    expect(page.storageKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(page)).not.toContain(TOKEN);
    expect(storageKeyFor(`${TOKEN}x`)).not.toBe(page.storageKey);
  });
});

describe('pageTime', () => {
  it('should give null when there is no time yet', () => {
    expect(pageTime(null)).toBeNull();
  });

  it('should place the stored HTML as it is when the version carries it', () => {
    const stored = { readings: ['<p>stored reading</p>'], prompts: { design: '<p>stored prompt</p>' } };
    const page = presentCandidatePage(view(STARTED), stored, TOKEN, 30);
    expect(page.readings[0].html).toBe('<p>stored reading</p>');
    expect(page.questions[0].promptHtml).toBe('<p>stored prompt</p>');
  });

  it('should show the Markdown as escaped text, not render it, when the version has no stored HTML', () => {
    const page = presentCandidatePage(
      view({ ...STARTED, readings: [{ kind: 'reading', title: 'About us', body: 'We **ship** <b>x</b>.' }] }),
      NOTHING_RENDERED,
      TOKEN,
      30,
    );
    expect(page.readings[0].html).toBe('<p>We **ship** &lt;b&gt;x&lt;/b&gt;.</p>\n');
    expect(page.questions[1].promptHtml).toBe('<p>Write `sum`.</p>\n');
  });
});

describe('the start page’s facts', () => {
  const t = messagesFor('en').candidatePage.page;

  it('should count the questions by kind and leave out kinds the assessment does not have', () => {
    expect(questionSummary(t, { text: 2, code: 1, choice: 0 })).toBe('3 questions: 2 written answers, 1 code question');
    expect(questionSummary(t, { text: 0, code: 0, choice: 1 })).toBe('1 question: 1 multiple-choice question');
  });

  it('should state the feedback promise in days when the hours make whole days, else in hours', () => {
    expect(feedbackRule(t, 120)).toContain('within 5 days after you submit');
    expect(feedbackRule(t, 24)).toContain('within 1 day after you submit');
    expect(feedbackRule(t, 36)).toContain('within 36 hours after you submit');
  });
});
