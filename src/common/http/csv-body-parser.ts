import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CsvError, parse } from 'csv-parse/sync';
import { type RawServerDefault } from 'fastify';
import { DomainError, RequestValidationError } from '../errors/domain-error.js';

/**
 * A CSV upload's own limit: 1 000 rows of the longest valid invitation (a 200-character name of 4-byte characters,
 * a 254-character email, every quote doubled) stay well under it, and nothing larger is read into memory.
 */
export const CSV_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * A `text/csv` body, parsed: the header row's names and the data rows after it (blank lines skipped). A row's
 * number is its place among the data rows, from 1: the header is not a row, so without blank lines row n is the
 * file's line n + 1. Rows may have fewer values than the header (trailing optional columns left out).
 */
export class CsvTable {
  constructor(
    readonly header: readonly string[],
    readonly rows: readonly (readonly string[])[],
  ) {}
}

/** Parses CSV text; malformed text is a 400 naming the data row where parsing failed (`rows[<n>]`, see CsvTable). */
export function parseCsvTable(text: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // `records` counts the rows completed before the failure, the header among them: the next is the bad one.
    const row = (err as CsvError & { records?: number }).records ?? 0;
    const field = row === 0 ? 'header' : `rows[${row}]`;
    throw new RequestValidationError([{ field, message: `is not valid CSV: ${csvProblem(err.code)}` }]);
  }
  const [header, ...rows] = records;
  if (!header) throw new RequestValidationError([{ field: 'header', message: 'is missing: the file is empty' }]);
  return new CsvTable(
    header.map((name) => name.trim()),
    rows,
  );
}

/** csv-parse's messages quote the offending value; these say what is wrong without echoing the file. */
function csvProblem(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value is never closed (a " is missing)';
    case 'INVALID_OPENING_QUOTE':
      return 'a " appears inside a value that does not start with one (quote the whole value and double the ")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted value has more text after its closing " (double a " that belongs to the value)';
    default:
      return 'the row could not be read';
  }
}

/**
 * Accepts `text/csv` bodies (any charset parameter; read as UTF-8) up to CSV_BODY_LIMIT_BYTES on the routes named
 * (Fastify route patterns), parsed into a CsvTable before the route runs. Every other route refuses CSV with 415,
 * as it refuses any media type but JSON, before the body is read.
 */
export function useCsvBodyParser(app: NestFastifyApplication, routes: readonly string[]): void {
  const accepting = new Set(routes);
  app.useBodyParser<RawServerDefault>('text/csv', { bodyLimit: CSV_BODY_LIMIT_BYTES }, (request, body, done) => {
    if (!accepting.has(request.routeOptions.url ?? '')) {
      done(
        new DomainError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'This endpoint takes JSON (Content-Type: application/json).'),
        undefined,
      );
      return;
    }
    try {
      done(null, parseCsvTable(body.toString('utf8')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
