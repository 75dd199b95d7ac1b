import { renderSections } from '../assessments/rendered-content.js';
import { presentCandidatePreview, type PreviewContent } from './candidate-preview.presenter.js';

const CONTENT: PreviewContent = {
  id: '7d2c1f4e-0000-4000-8000-000000000001',
  title: 'Backend take-home',
  roleTitle: 'Backend Engineer',
  team: null,
  timeLimitMinutes: 45,
  startWindowDays: 7,
  feedbackDueHours: 72,
  sections: [
    { kind: 'reading', title: 'About us', body: 'We **ship**.' },
    { kind: 'question', key: 'design', prompt: 'Why `retry`?', type: 'text', required: true },
    { kind: 'question', key: 'pick', prompt: 'Pick one.', type: 'choice', options: ['a', 'b'], required: false },
  ],
};

describe('presentCandidatePreview', () => {
  const now = new Date('2026-12-03T14:05:00Z');
  const page = presentCandidatePreview(CONTENT, renderSections(CONTENT.sections).rendered, now);

  it('should show the page before the start with the questions ready for the script when a recruiter previews', () => {
    expect(page).toMatchObject({
      phase: 'before',
      before: true,
      during: false,
      questionsShown: true,
      deadline: null,
      timeLimitMinutes: 45,
      serverNow: now.toISOString(),
      preview: { backHref: `/assessments/${CONTENT.id}`, feedbackDueHours: 72 },
      startBy: { iso: '2026-12-10T14:05:00.000Z' },
    });
  });

  it('should render readings and prompts with the code a publish uses when the content has Markdown', () => {
    expect(page.readings).toEqual([{ id: 'reading-1', title: 'About us', html: '<p>We <strong>ship</strong>.</p>\n' }]);
    expect(page.questions.map((q) => [q.key, q.id, q.number, q.count, q.choice, q.required])).toEqual([
      ['design', 'q1', 1, 2, false, true],
      ['pick', 'q2', 2, 2, true, false],
    ]);
    expect(page.questions[0].promptHtml).toBe('<p>Why <code>retry</code>?</p>\n');
    expect(page.questions[1].options).toEqual([
      { id: 'q2-o1', value: 'a' },
      { id: 'q2-o2', value: 'b' },
    ]);
  });

  it('should keep its browser storage apart from real attempts when a preview is shown', () => {
    expect(page.storageKey).toBe(`preview-${CONTENT.id}`);
  });
});
