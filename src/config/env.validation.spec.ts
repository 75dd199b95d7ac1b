import { ConfigurationError, validateEnvironment } from './env.validation.js';
import { AppConfig } from './app-config.js';

describe('validateEnvironment', () => {
  it('should apply defaults that make a bare start work when nothing is set', () => {
    const env = validateEnvironment({ JWT_SECRET: 'x'.repeat(32) });
    const config = new AppConfig(env);
    expect(config.http.port).toBe(3000);
    expect(config.role).toBe('all');
    expect(config.queue.backend).toBe('postgres');
    expect(config.attempts.graceSeconds).toBe(30);
    expect(config.reviews).toEqual({
      feedbackMinChars: 80,
      leaseMinutes: 120,
      maxActive: 3,
      queueOrder: 'urgency',
      reminders: true,
      workingWeek: { days: new Set([1, 2, 3, 4, 5]), fromHour: 9, toHour: 18 },
      forecastEveryMs: 3_600_000,
      paceDays: 14,
    });
  });

  it('should name the team settings when their format is wrong or the hours end before they start', () => {
    const base = { JWT_SECRET: 'x'.repeat(32) };
    expect(() => validateEnvironment({ ...base, TEAM_WORKING_DAYS: 'monday' })).toThrow(/TEAM_WORKING_DAYS/);
    expect(() => validateEnvironment({ ...base, TEAM_WORKING_HOURS: '9-17' })).toThrow(/TEAM_WORKING_HOURS/);
    expect(() => new AppConfig(validateEnvironment({ ...base, TEAM_WORKING_HOURS: '18-09' }))).toThrow(
      /TEAM_WORKING_HOURS must end after it starts/,
    );
    const config = new AppConfig(
      validateEnvironment({ ...base, TEAM_WORKING_DAYS: 'sun,sat', CAPACITY_FORECAST_MINUTES: '0' }),
    );
    expect(config.reviews.workingWeek.days).toEqual(new Set([0, 6]));
    expect(config.reviews.forecastEveryMs).toBe(0);
  });

  it('should give the naive review baseline when the queue order is fifo and reminders are off', () => {
    const config = new AppConfig(
      validateEnvironment({ REVIEW_QUEUE_ORDER: 'fifo', FEEDBACK_REMINDERS: 'off', JWT_SECRET: 'x'.repeat(32) }),
    );
    expect(config.reviews).toMatchObject({ queueOrder: 'fifo', reminders: false });
  });

  it('should keep the urgency order and the reminders when they are set explicitly', () => {
    const config = new AppConfig(
      validateEnvironment({ REVIEW_QUEUE_ORDER: 'urgency', FEEDBACK_REMINDERS: 'on', JWT_SECRET: 'x'.repeat(32) }),
    );
    expect(config.reviews).toMatchObject({ queueOrder: 'urgency', reminders: true });
  });

  it('should choose the Redis queue backend when REDIS_URL is set', () => {
    const config = new AppConfig(
      validateEnvironment({ REDIS_URL: 'redis://127.0.0.1:6379', JWT_SECRET: 'x'.repeat(32) }),
    );
    expect(config.queue.backend).toBe('redis');
  });

  it('should convert numeric strings when settings come from the environment', () => {
    expect(validateEnvironment({ PORT: '8080', ATTEMPT_GRACE_SECONDS: '0' })).toMatchObject({
      PORT: 8080,
      ATTEMPT_GRACE_SECONDS: 0,
    });
  });

  it.each([
    ['PORT', 'eighty', /PORT must/],
    ['ROLE', 'scheduler', /ROLE must/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgres/],
    ['REVIEW_MAX_ACTIVE', '0', /REVIEW_MAX_ACTIVE must not be less than 1/],
    ['REVIEW_QUEUE_ORDER', 'lifo', /REVIEW_QUEUE_ORDER must be one of the following values: urgency, fifo/],
    ['FEEDBACK_REMINDERS', 'true', /FEEDBACK_REMINDERS must be one of the following values: on, off/],
    ['JWT_SECRET', 'short', /JWT_SECRET must be at least 32/],
  ])('should name %s when it is malformed', (key, value, message) => {
    expect(() => validateEnvironment({ [key]: value })).toThrow(ConfigurationError);
    expect(() => validateEnvironment({ [key]: value })).toThrow(message);
  });

  it('should treat an empty optional setting as unset when it is blank', () => {
    expect(validateEnvironment({ REDIS_URL: '', SMTP_URL: '  ' })).toMatchObject({
      REDIS_URL: undefined,
      SMTP_URL: undefined,
    });
  });
});
