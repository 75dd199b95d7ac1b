import { Assessment, AssessmentVersion } from './assessment.entity.js';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const QUESTION = { kind: 'question', key: 'q1', prompt: 'p', type: 'text', required: true } as const;
const assessment = (overrides: Partial<Assessment> = {}): Assessment =>
  Object.assign(new Assessment(), { id: 'a', status: 'draft', version: 0, sections: [QUESTION], ...overrides });

describe('Assessment', () => {
  it('should publish a draft as the next version when published', () => {
    const t = assessment({ version: 2 }).publish(NOW);
    expect(t).toEqual({
      from: ['draft'],
      changes: { status: 'published', version: 3, publishedAt: NOW, updatedAt: NOW },
      event: 'assessment.published',
    });
  });

  it('should refuse to publish, naming sections, when the draft has no question', () => {
    const readingsOnly = assessment({ sections: [{ kind: 'reading', title: 'About', body: 'b' }] });
    expect(() => readingsOnly.publish(NOW)).toThrow(
      expect.objectContaining({
        code: 'ASSESSMENT.STATE_CONFLICT',
        fieldErrors: [{ field: 'sections', message: expect.stringMatching(/at least one question/) }],
      }),
    );
  });

  it('should refuse to edit or publish when already published', () => {
    const published = assessment({ status: 'published', version: 1 });
    expect(() => published.edit(NOW)).toThrow(expect.objectContaining({ code: 'ASSESSMENT.STATE_CONFLICT' }));
    expect(() => published.publish(NOW)).toThrow(expect.objectContaining({ code: 'ASSESSMENT.STATE_CONFLICT' }));
  });

  it('should return a published assessment to draft when revised, and refuse to revise a draft', () => {
    expect(assessment({ status: 'published', version: 1 }).revise(NOW).changes.status).toBe('draft');
    expect(() => assessment().revise(NOW)).toThrow(expect.objectContaining({ code: 'ASSESSMENT.STATE_CONFLICT' }));
  });
});

describe('AssessmentVersion', () => {
  it('should split sections into readings and questions in their order', () => {
    const v = Object.assign(new AssessmentVersion(), {
      sections: [
        { kind: 'reading', title: 'R1', body: 'b' },
        { kind: 'question', key: 'q1', prompt: 'p', type: 'text', required: true },
        { kind: 'reading', title: 'R2', body: 'b' },
        { kind: 'question', key: 'q2', prompt: 'p', type: 'code', required: false },
      ],
    });
    expect(v.readings.map((r) => r.title)).toEqual(['R1', 'R2']);
    expect(v.questions.map((q) => q.key)).toEqual(['q1', 'q2']);
  });
});
