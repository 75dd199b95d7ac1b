/**
 * What the logs keep of an error: enough to find the fault, never the values it was about. A TypeORM
 * QueryFailedError carries the statement's `parameters` (emails, names, answers, token and password hashes)
 * and PostgreSQL's `detail` ("Key (email)=(x@y) already exists", "Failing row contains (...)"), copied onto
 * the error and again under `driverError`: none of them is kept.
 */
export interface LoggedError {
  type: string;
  message: string;
  /** SQLSTATE, Node's error code or a domain error code. */
  code?: string;
  /** The SQL text of a failed statement, placeholders ($1, $2) unfilled. */
  query?: string;
  stack?: string;
  cause?: LoggedError;
  /** The errors of an AggregateError (e.g. a refused connection on IPv4 and IPv6). */
  errors?: LoggedError[];
}

const MAX_DEPTH = 3;
const MAX_AGGREGATED = 5;
const MAX_QUERY_CHARS = 4000;
/** SQLSTATE class 22 (data exception): PostgreSQL quotes the offending value in the message itself. */
const DATA_EXCEPTION = /^22/;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  query?: unknown;
  cause?: unknown;
  errors?: unknown;
  constructor?: unknown;
}

export function isErrorLike(value: unknown): value is ErrorLike {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as ErrorLike).message === 'string' &&
      typeof (value as ErrorLike).stack === 'string')
  );
}

/** An email address anywhere in a text (an SMTP refusal names its recipient in its message). */
const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** Log texts never carry an email address: candidates' are personal data, and a message may quote one. */
export function withoutEmails(text: string): string {
  return text.replace(EMAIL, '[email]');
}

/** `invalid input syntax for type uuid: "ada@example.com"` → `... uuid: [value]`. */
function messageOf(error: ErrorLike, code: string | undefined): string {
  const message = typeof error.message === 'string' ? error.message : '';
  return withoutEmails(code && DATA_EXCEPTION.test(code) ? message.replace(/"(?:[^"\\]|\\.)*"/g, '[value]') : message);
}

function typeOf(error: ErrorLike): string {
  const ctor = error.constructor;
  if (typeof ctor === 'function' && ctor.name && ctor.name !== 'Object') return ctor.name;
  return typeof error.name === 'string' && error.name !== '' ? error.name : 'Error';
}

/** The stack's frames under a first line rebuilt from the kept message (the original repeats the raw one). */
function stackOf(error: ErrorLike, type: string, message: string): string | undefined {
  if (typeof error.stack !== 'string') return undefined;
  const frames = error.stack.split('\n').filter((line) => /^\s+at\s/.test(line));
  return [`${type}: ${message}`, ...frames].join('\n');
}

/** Made here already: a line's errors are reduced before pino's serializers run, and these see them again. */
const alreadyLogged = new WeakSet<object>();

export function toLoggedError(value: unknown, depth = 0): LoggedError {
  if (typeof value === 'object' && value !== null && alreadyLogged.has(value)) return value as LoggedError;
  if (!isErrorLike(value)) {
    // Something thrown that is not an error: its kind only, its content may be anything.
    return {
      type: value === null ? 'null' : typeof value,
      message: typeof value === 'string' ? withoutEmails(value) : '[not an Error]',
    };
  }
  const type = typeOf(value);
  const code = typeof value.code === 'string' || typeof value.code === 'number' ? String(value.code) : undefined;
  const message = messageOf(value, code);
  const logged: LoggedError = { type, message };
  if (code !== undefined) logged.code = code;
  if (typeof value.query === 'string') logged.query = value.query.slice(0, MAX_QUERY_CHARS);
  const stack = stackOf(value, type, message);
  if (stack !== undefined) logged.stack = stack;
  if (depth < MAX_DEPTH && value.cause !== undefined) logged.cause = toLoggedError(value.cause, depth + 1);
  if (depth < MAX_DEPTH && Array.isArray(value.errors)) {
    logged.errors = (value.errors as unknown[]).slice(0, MAX_AGGREGATED).map((e) => toLoggedError(e, depth + 1));
  }
  alreadyLogged.add(logged);
  return logged;
}

/**
 * pino's serializers see only the keys they are named for (`err`): an error logged under any other key, or
 * passed through pino-std-serializers first (its copy keeps the original as `raw`), gets the same treatment.
 */
export function loggedErrorOf(value: unknown): LoggedError {
  const raw = typeof value === 'object' && value !== null ? (value as { raw?: unknown }).raw : undefined;
  return toLoggedError(isErrorLike(raw) ? raw : value);
}

/** A log line's fields with every error among them (top level, or in a list) reduced to a LoggedError. */
export function withLoggedErrors(fields: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(fields)) {
    const replaced = isErrorLike(value)
      ? toLoggedError(value)
      : Array.isArray(value) && value.some(isErrorLike)
        ? value.map((v: unknown) => (isErrorLike(v) ? toLoggedError(v) : v))
        : undefined;
    if (replaced === undefined) continue;
    copy ??= { ...fields };
    copy[key] = replaced;
  }
  return copy ?? fields;
}
