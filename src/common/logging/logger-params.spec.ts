import { Writable } from 'node:stream';
import pino, { type LoggerOptions } from 'pino';
import { QueryFailedError } from 'typeorm';
import { loggerParams } from './logger-params.js';

/** A pino logger with the service's options, writing its lines into an array. */
function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const options = loggerParams({ logLevel: 'info', logFile: undefined, env: 'test' }, false).pinoHttp as LoggerOptions;
  const logger = pino(options, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const dataException = (): QueryFailedError =>
  new QueryFailedError(
    'SELECT * FROM users WHERE id = $1',
    ['ada@example.test'],
    Object.assign(new Error('invalid input syntax for type uuid: "ada@example.test"'), { code: '22P02' }),
  );

describe('loggerParams', () => {
  it('should log an error passed alone with its reduced message when no message is given', () => {
    const { logger, lines } = capture();
    logger.error(dataException());
    const [line] = lines();
    expect(line).toMatchObject({
      msg: 'invalid input syntax for type uuid: [value]',
      err: { type: 'QueryFailedError', code: '22P02' },
    });
    expect(JSON.stringify(line)).not.toContain('ada@example.test');
  });

  it('should reduce an error under any key and drop email addresses from messages when a line has them', () => {
    const { logger, lines } = capture();
    logger.warn({ failure: dataException() }, 'mail to ada@example.test not sent: 550 <ada@example.test> rejected');
    const [line] = lines();
    expect(line).toMatchObject({
      msg: 'mail to [email] not sent: 550 <[email]> rejected',
      failure: { type: 'QueryFailedError' },
    });
    expect(JSON.stringify(line)).not.toContain('ada@example.test');
  });
});
