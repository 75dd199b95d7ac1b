import { lengthGuidance } from './assessment-length.js';

describe('lengthGuidance', () => {
  it('should say the questions are too long when their expected minutes exceed the limit', () => {
    const g = lengthGuidance([{ expectedMinutes: 30 }, { expectedMinutes: 45 }], 60);
    expect(g).toMatchObject({ verdict: 'too_long', expectedMinutes: 75, unestimated: 0 });
    expect(g.message).toBe('Questions add up to 75 of 60 minutes: too long.');
  });

  it('should say the questions fit when their expected minutes equal the limit', () => {
    expect(lengthGuidance([{ expectedMinutes: 20 }, { expectedMinutes: 40 }], 60)).toMatchObject({
      verdict: 'fits',
      message: 'Questions add up to 60 of 60 minutes: fits.',
    });
  });

  it('should count only estimated questions and name the others when some have no estimate', () => {
    const g = lengthGuidance([{ expectedMinutes: 20 }, {}, { expectedMinutes: null }], 60);
    expect(g).toMatchObject({ verdict: 'fits', expectedMinutes: 20, unestimated: 2 });
    expect(g.message).toBe('Questions add up to 20 of 60 minutes: fits (2 questions have no estimate yet).');
  });

  it('should ignore estimates the API would refuse when they are not whole minutes from 1 to 480', () => {
    expect(
      lengthGuidance([{ expectedMinutes: 0 }, { expectedMinutes: 2.5 }, { expectedMinutes: 900 }], 60),
    ).toMatchObject({
      verdict: 'unknown',
      expectedMinutes: 0,
      unestimated: 3,
    });
  });

  it('should give no verdict when there are no questions or no time limit', () => {
    expect(lengthGuidance([], 60).verdict).toBe('unknown');
    expect(lengthGuidance([{ expectedMinutes: 10 }], null)).toMatchObject({
      verdict: 'unknown',
      message: 'Set a time limit to see whether the questions fit it.',
    });
  });
});
