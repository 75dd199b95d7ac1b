import { landingPage, staffNav } from './staff-nav.js';

describe('staffNav', () => {
  it('should offer a reviewer only the review page when the role is reviewer', () => {
    expect(staffNav('reviewer').map((l) => l.href)).toEqual(['/review']);
  });

  it('should offer every page when the role is admin', () => {
    expect(staffNav('admin').map((l) => l.href)).toEqual([
      '/dashboard',
      '/assessments',
      '/invitations',
      '/review',
      '/admin',
    ]);
  });

  it('should mark the current page when the path is the page or below it', () => {
    expect(
      staffNav('recruiter', '/assessments/123')
        .filter((l) => l.current)
        .map((l) => l.href),
    ).toEqual(['/assessments']);
    expect(staffNav('recruiter', '/assessmentsx').some((l) => l.current)).toBe(false);
  });

  it('should land a reviewer on /review and everyone else on /dashboard when no page was asked for', () => {
    expect(landingPage('reviewer')).toBe('/review');
    expect(landingPage('recruiter')).toBe('/dashboard');
    expect(landingPage('admin')).toBe('/dashboard');
  });
});
