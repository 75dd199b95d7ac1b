import { type UserRole } from '../common/auth/staff-role.js';

/** One link of the staff pages' header. */
export interface StaffNavLink {
  href: string;
  label: string;
  current: boolean;
}

/** The staff pages and who may open them (admins open every one); the header and the 403 page list them. */
const STAFF_PAGES: readonly { href: string; label: string; roles: readonly UserRole[] }[] = [
  { href: '/dashboard', label: 'Dashboard', roles: ['recruiter'] },
  { href: '/assessments', label: 'Assessments', roles: ['recruiter'] },
  { href: '/invitations', label: 'Candidates', roles: ['recruiter'] },
  { href: '/review', label: 'Review', roles: ['reviewer'] },
  { href: '/admin', label: 'Admin', roles: [] },
];

/** The pages this role may open, in header order; `current` marks the page being shown (by path prefix). */
export function staffNav(role: UserRole, currentPath = ''): StaffNavLink[] {
  return STAFF_PAGES.filter((page) => role === 'admin' || page.roles.includes(role)).map((page) => ({
    href: page.href,
    label: page.label,
    current: currentPath === page.href || currentPath.startsWith(`${page.href}/`),
  }));
}

/** Where a person lands after signing in when no page was asked for. */
export const landingPage = (role: UserRole): string => (role === 'reviewer' ? '/review' : '/dashboard');
