/** Where a login may send the browser afterwards: a local path, never another origin ("//evil", "/\\evil"). */
export const SAFE_NEXT_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~/?=&%:+,]*$/;

export const LOGIN_TEMPLATE = 'web-auth/login.hbs';
export const HOME_TEMPLATE = 'web-auth/home.hbs';

/** The local path to go to after signing in, or `fallback` when none (or an unsafe one) was asked for. */
export const safeNext = (next: unknown, fallback = '/dashboard'): string =>
  typeof next === 'string' && SAFE_NEXT_PATH.test(next) ? next : fallback;
