import { NOTHING_RENDERED, renderSections } from '../assessments/rendered-content.js';
import { presentWorkspace, type ReviewWorkspace, unmetTarget } from './review-page.presenter.js';
import { type ReviewView } from './review.view.js';

const RUBRIC = [
  { key: 'correctness', title: 'Correctness', description: 'Edge cases handled', maxScore: 5 },
  { key: 'clarity', title: 'Clarity', maxScore: 3 },
];

function view(overrides: Partial<ReviewView> = {}): ReviewView {
  const at = new Date('2026-03-02T09:00:00Z');
  return {
    id: 'r1',
    submissionId: 's1',
    status: 'active',
    claimedAt: at,
    leaseExpiresAt: new Date('2026-03-02T11:00:00Z'),
    assessment: { title: 'Backend take-home', roleTitle: 'Backend Engineer' },
    rubric: RUBRIC,
    readings: [{ title: 'About us', body: 'We build **ledgers**.' }],
    questions: [
      { key: 'design', prompt: 'How would you make a `payout` job safe to retry?', type: 'text', required: true },
      {
        key: 'pick',
        prompt: 'Which isolation level?',
        type: 'choice',
        options: ['read committed', 'serializable'],
        required: true,
      },
      { key: 'code', prompt: 'Write the handler.', type: 'code', required: false },
    ],
    answers: {
      design: { value: 'Use a key per payout. Store the key per payout too.', savedAt: at, revision: 1 },
      pick: { value: 'serializable', savedAt: at, revision: 1 },
    },
    startedAt: new Date('2026-03-02T08:10:00Z'),
    submittedAt: at,
    submittedBy: 'candidate',
    minutesUsed: 50,
    timeLimitMinutes: 60,
    feedbackDueAt: new Date('2026-03-07T09:00:00Z'),
    minAnchoredComments: 1,
    draft: {},
    unmet: [],
    limits: { minChars: 80, criterionMinChars: 20, commentMinChars: 20, quoteMinChars: 8, minAnchoredComments: 1 },
    ...overrides,
  };
}

/** The workspace as served: with the HTML the version stored when it was published. */
const present = (v: ReviewView): ReviewWorkspace =>
  presentWorkspace(
    v,
    renderSections([
      ...v.readings.map((r) => ({ kind: 'reading', body: r.body })),
      ...v.questions.map((q) => ({ kind: 'question', key: q.key, prompt: q.prompt })),
    ]).rendered,
  );

describe('presentWorkspace', () => {
  it('should render prompts and readings as sanitised Markdown when they use Markdown', () => {
    const w = present(view({ readings: [{ title: 'About us', body: 'We build **ledgers**. <script>x()</script>' }] }));
    expect(w.questions[0].promptHtml).toContain('<code>payout</code>');
    expect(w.readings[0].html).toContain('<strong>ledgers</strong>');
    expect(w.readings[0].html).not.toContain('<script');
  });

  it('should place the HTML stored at publish, and show Markdown as escaped text where none is stored, when presenting', () => {
    const w = presentWorkspace(view(), {
      readings: ['<p>stored reading</p>'],
      prompts: { design: '<p>stored prompt</p>' },
    });
    expect(w.readings[0].html).toBe('<p>stored reading</p>');
    expect(w.questions[0].promptHtml).toBe('<p>stored prompt</p>');
    expect(w.questions[1].promptHtml).toBe('<p>Which isolation level?</p>\n');
    expect(presentWorkspace(view(), NOTHING_RENDERED).questions[0].promptHtml).toBe(
      '<p>How would you make a `payout` job safe to retry?</p>\n',
    );
  });

  it('should list a choice question’s options with the chosen one marked when the candidate picked one', () => {
    const pick = present(view()).questions[1];
    expect(pick).toMatchObject({
      isChoice: true,
      answered: true,
      options: [
        { value: 'read committed', chosen: false },
        { value: 'serializable', chosen: true },
      ],
    });
    expect(pick.segments).toEqual([]);
  });

  it('should mark a question not answered when the answer is missing or blank', () => {
    const w = present(
      view({ answers: { ...view().answers, code: { value: '  \n', savedAt: new Date(), revision: 1 } } }),
    );
    expect(w.questions[2]).toMatchObject({ answered: false, required: false, isCode: true });
  });

  it('should say how the submission ended and how much time was used when it was submitted automatically', () => {
    expect(present(view())).toMatchObject({
      byDeadline: false,
      ending: 'Submitted by the candidate',
      timeUsed: 'used 50 of 60 minutes',
    });
    expect(present(view({ submittedBy: 'deadline', minutesUsed: 60 }))).toMatchObject({
      byDeadline: true,
      ending: 'Submitted automatically at the deadline',
      timeUsed: 'used 60 of 60 minutes',
    });
    expect(present(view({ minutesUsed: null })).timeUsed).toBe('time used not recorded (limit 60 minutes)');
  });

  it('should highlight each draft comment’s passage, picking the occurrence its prefix names, when the draft has comments', () => {
    const w = present(
      view({
        draft: {
          comments: [
            {
              questionKey: 'design',
              quote: { exact: 'key per payout', prefix: 'Store the ' },
              text: 'Storing it is what makes the retry safe.',
            },
            { questionKey: 'design', quote: { exact: 'Use a key' }, text: 'A clear first step to take here.' },
          ],
        },
      }),
    );
    expect(w.questions[0].segments).toEqual([
      { text: 'Use a key', marked: true, comments: '1', title: 'Comment 2' },
      { text: ' per payout. Store the ', marked: false, comments: '', title: '' },
      { text: 'key per payout', marked: true, comments: '0', title: 'Comment 1' },
      { text: ' too.', marked: false, comments: '', title: '' },
    ]);
    expect(w.comments[0]).toMatchObject({
      number: 1,
      questionLabel: 'Question 1',
      exact: 'key per payout',
      prefix: 'Use a key per payout. Store the ',
      suffix: ' too.',
      found: true,
      textId: 'field-comments-0-text',
    });
  });

  it('should keep a comment whose passage is not in the answer, unhighlighted, when the draft has one', () => {
    const w = present(
      view({
        draft: { comments: [{ questionKey: 'design', quote: { exact: 'not in the answer' }, text: 'Something' }] },
      }),
    );
    expect(w.comments[0].found).toBe(false);
    expect(w.questions[0].segments.every((s) => !s.marked)).toBe(true);
  });

  it("should put each unmet rule beside its field and in the list, in the server's words, when rules are unmet", () => {
    const w = present(
      view({
        unmet: [
          { field: 'summary', message: 'Summary must be at least 80 characters; it has 10.' },
          { field: 'scores.clarity', message: 'Give "Clarity" a score from 0 to 3.' },
          {
            field: 'comments[0].quote',
            message: "The passage comment 1 quotes is not in the candidate's answer to question 1.",
          },
          { field: 'comments', message: "Comment on at least 1 passage of the candidate's answers." },
          { field: 'scores.ghost', message: '"ghost" is not a criterion of this rubric.' },
        ],
        draft: { comments: [{ questionKey: 'design', quote: { exact: 'nowhere to be found' }, text: 'x' }] },
      }),
    );
    // In the form's order (comments, criteria, texts, decision), whatever order the server listed them in.
    expect(w.unmet.map((u) => [u.field, u.target])).toEqual([
      ['comments[0].quote', 'field-comments-0-text'],
      ['comments', 'comments-heading'],
      ['scores.clarity', 'field-scores-clarity'],
      ['summary', 'field-summary'],
      ['scores.ghost', 'field-scores-ghost'],
    ]);
    expect(w.texts[0].rule).toEqual({
      field: 'summary',
      id: 'unmet-summary',
      message: 'Summary must be at least 80 characters; it has 10.',
    });
    expect(w.criteria[1].scoreRule.message).toBe('Give "Clarity" a score from 0 to 3.');
    expect(w.criteria[0].scoreRule.message).toBe('');
    expect(w.comments[0].quoteRule).toMatchObject({
      id: 'unmet-comments-0-quote',
      message: expect.stringContaining('is not in the candidate'),
    });
    expect(w.commentsRule.message).toContain('at least 1 passage');
  });
});

describe('unmetTarget', () => {
  it('should link each rule to its control, and anything unknown to the form, when given its field', () => {
    expect(
      ['decision', 'criteria.clarity', 'improvements', 'comments[2].text', 'comments[0].questionKey', 'other'].map(
        unmetTarget,
      ),
    ).toEqual([
      'field-decision',
      'field-criteria-clarity',
      'field-improvements',
      'field-comments-2-text',
      'field-comments-0-text',
      'feedback-heading',
    ]);
  });

  it('should keep ids valid when a rubric key has spaces or punctuation', () => {
    expect(unmetTarget('scores.Error handling!')).toBe('field-scores-Error-handling');
  });
});
