import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type RawServerDefault } from 'fastify';
import { RequestValidationError } from '../errors/domain-error.js';

/** Arrays and objects inside one another, the body itself being level 1; no request of the API needs more than a few. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by one pass over the bytes and without
 * building anything: brackets inside strings do not count. UTF-8 continuation bytes are all >= 0x80, so they are
 * never mistaken for a quote or a bracket. On invalid JSON the answer may be either; JSON.parse then refuses it.
 */
export function nestsDeeperThan(json: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces the application/json parser: a body nested deeper than MAX_JSON_DEPTH is a 400 naming the body before
 * JSON.parse, class-transformer or class-validator walk it (hostile nesting cost 0.6 s of CPU, then a stack
 * overflow). Everything else is Fastify's own JSON parser (prototype poisoning refused), under the server's
 * body limit. Other JSON media types (application/problem+json, ...) stay unsupported (415).
 */
export function useJsonBodyParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>(
    'application/json',
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request, body, done) => {
      if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
        done(
          new RequestValidationError([
            { field: 'body', message: `is nested too deeply: at most ${MAX_JSON_DEPTH} levels of arrays and objects` },
          ]),
          undefined,
        );
        return;
      }
      // Fastify's default parser answers through `done`; nothing to await.
      void parseJson(request, body.toString('utf8'), done);
    },
  );
}
