import { RequestMethod } from '@nestjs/common';
import { type Params } from 'nestjs-pino';
import pino, { type LogFn, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { type Options } from 'pino-http';
import { type AppConfig } from '../../config/app-config.js';
import { isErrorLike, loggedErrorOf, toLoggedError, withLoggedErrors, withoutEmails } from './logged-error.js';
import { toLoggedRequest } from './logged-request.js';

/**
 * Every log call passes here first: texts lose their email addresses, and a line logging an error without a
 * message of its own gets the reduced error's message (pino would otherwise copy the raw one into `msg`).
 */
function safeLogCall(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const [first, ...rest] = args as unknown[];
  const err = isErrorLike(first)
    ? first
    : typeof first === 'object' && first !== null
      ? (first as { err?: unknown }).err
      : undefined;
  const texts = rest.map((arg) => (typeof arg === 'string' ? withoutEmails(arg) : arg));
  if (isErrorLike(err) && typeof texts[0] !== 'string') texts.unshift(toLoggedError(err).message);
  const head = isErrorLike(first) ? { err: first } : typeof first === 'string' ? withoutEmails(first) : first;
  Reflect.apply(method, this, [head, ...texts]);
}

/**
 * nestjs-pino's configuration: one line per request (method, path, status, duration, and Fastify's request id,
 * which @fastify/middie hands pino-http, so pino-http's own genReqId is never asked) and errors
 * reduced to type, message, code, query text and stack wherever they are logged. Credentials, tokens, answers
 * and feedback never reach the logs: headers, query strings and bodies are not logged at all.
 */
export function loggerParams(
  config: Pick<AppConfig, 'logLevel' | 'logFile' | 'env'>,
  terminal = process.stdout.isTTY === true,
): Params {
  const options: Options = {
    level: config.logLevel,
    serializers: {
      req: toLoggedRequest,
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: loggedErrorOf,
    },
    formatters: { log: withLoggedErrors },
    hooks: { logMethod: safeLogCall },
  };
  return {
    pinoHttp: config.logFile
      ? [options, pino.destination({ dest: config.logFile, sync: true, mkdir: true })]
      : // A person reading a terminal gets readable lines; machines (pipes, files, production) get JSON.
        terminal && config.env !== 'production'
        ? [options, pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })]
        : options,
    // nestjs-pino's default route ("{/*splat}") matches no request on this NestJS's Fastify adapter: without
    // this, requests were never logged and in-request lines had no request id.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}
