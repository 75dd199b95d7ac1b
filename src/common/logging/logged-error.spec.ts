import { QueryFailedError } from 'typeorm';
import { loggedErrorOf, toLoggedError, withLoggedErrors } from './logged-error.js';
import { loggedPath, toLoggedRequest } from './logged-request.js';

/** What pg hands TypeORM: PostgreSQL's fields, the failing values in `detail`. */
function pgError(message: string, fields: Record<string, string>): Error {
  return Object.assign(new Error(message), { severity: 'ERROR', ...fields });
}

const SECRETS = ['ada@example.test', 'Ada Lovelace', '$argon2id$v=19$m=65536', 'f'.repeat(64), 'my answer text'];

describe('toLoggedError', () => {
  it('should keep type, message, code, query text and stack but no parameter or detail when a query fails', () => {
    const driverError = pgError('duplicate key value violates unique constraint "users_email_key"', {
      code: '23505',
      detail: 'Key (lower(email))=(ada@example.test) already exists.',
      constraint: 'users_email_key',
    });
    const error = new QueryFailedError(
      'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)',
      SECRETS,
      driverError,
    );

    const logged = toLoggedError(error);

    expect(Object.keys(logged).sort()).toEqual(['code', 'message', 'query', 'stack', 'type']);
    expect(logged).toMatchObject({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "users_email_key"',
      code: '23505',
      query: 'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)',
    });
    expect(logged.stack).toMatch(/^QueryFailedError: duplicate key value[^\n]*\n\s+at /);
    const text = JSON.stringify(logged);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('should replace the quoted value when PostgreSQL names it in a data exception message', () => {
    const error = new QueryFailedError(
      'SELECT 1 WHERE id = $1',
      ['ada@example.test'],
      pgError('invalid input syntax for type uuid: "ada@example.test"', { code: '22P02' }),
    );
    const logged = toLoggedError(error);
    expect(logged.message).toBe('invalid input syntax for type uuid: [value]');
    expect(logged.stack).not.toContain('ada@example.test');
  });

  it('should reduce causes and aggregated errors the same way when an error wraps others', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      parameters: SECRETS,
    });
    const aggregate = new AggregateError([inner], 'all attempts failed');
    const outer = new Error('could not reach the database', { cause: aggregate });

    const logged = toLoggedError(outer);

    expect(logged.cause).toMatchObject({
      type: 'AggregateError',
      errors: [{ type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' }],
    });
    expect(JSON.stringify(logged)).not.toContain('Ada Lovelace');
  });

  it('should name only the kind of a thrown value when it is not an error', () => {
    expect(toLoggedError({ email: 'ada@example.test' })).toEqual({ type: 'object', message: '[not an Error]' });
  });

  it('should give the same result when the error went through pino-std-serializers first', () => {
    const error = new QueryFailedError(
      'UPDATE answers SET value = $1',
      ['my answer text'],
      pgError('boom', { code: '23514', detail: 'Failing row contains (my answer text).' }),
    );
    const stdSerialized = Object.assign(
      { type: 'QueryFailedError', message: 'boom', parameters: ['my answer text'] },
      { raw: error },
    );
    expect(loggedErrorOf(stdSerialized)).toEqual(toLoggedError(error));
    // Reduced once, kept as it is when seen again (pino's formatter runs before its serializers).
    const once = toLoggedError(error);
    expect(toLoggedError(once)).toBe(once);
  });
});

describe('withLoggedErrors', () => {
  it('should reduce errors under any key when a line logs them outside `err`', () => {
    const error = new QueryFailedError(
      'SELECT $1',
      ['ada@example.test'],
      pgError('boom', { code: 'XX000', detail: 'ada@example.test' }),
    );
    const fields = { error, failures: [error, 'text'], path: '/x' };
    const line = withLoggedErrors(fields);
    expect(JSON.stringify(line)).not.toContain('ada@example.test');
    expect(line).toMatchObject({
      error: { type: 'QueryFailedError' },
      failures: [{ type: 'QueryFailedError' }, 'text'],
      path: '/x',
    });
    expect(fields.error).toBe(error);
  });
});

describe('logged requests', () => {
  it('should drop the query string and hide a candidate token when the path carries them', () => {
    expect(loggedPath('/api/v1/invitations?assessmentId=x&status=invited')).toBe('/api/v1/invitations');
    expect(loggedPath('/t/AbCdEf123_-?token=AbCdEf123_-')).toBe('/t/[token]');
    expect(toLoggedRequest({ id: 'req-1', method: 'GET', url: '/t/secret?x=1' })).toEqual({
      id: 'req-1',
      method: 'GET',
      url: '/t/[token]',
    });
  });
});
