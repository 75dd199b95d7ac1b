import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CsvError, parse } from 'csv-parse/sync';
import { type RawServerDefault } from 'fastify';
import { DomainError, RequestValidationError } from '../errors/domain-error.js';
import { type FieldError } from '../errors/problem-details.dto.js';
import { isUnsafeText, UNSAFE_TEXT_MESSAGE } from './unsafe-text.js';

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
  const table = new CsvTable(
    header.map((name) => name.trim()),
    rows,
  );
  const unsafe = unsafeCells(table);
  if (unsafe.length > 0) throw new RequestValidationError(unsafe);
  return table;
}

/** At most this many cells are named: the point is to say what is wrong, not to echo a hostile file. */
const MAX_REPORTED = 20;

/** A column name that can stand in a field path (`rows[3].candidateName`); anything else names the row alone. */
const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Cells PostgreSQL cannot store (a NUL), named as the rows' other errors are: `header`, or `rows[<n>].<column>`
 * counted from 1. Left to the global pipe, they were named by array index (`rows[0][1]`), one row off.
 */
function unsafeCells(table: CsvTable): FieldError[] {
  if (table.header.some(isUnsafeText)) return [{ field: 'header', message: UNSAFE_TEXT_MESSAGE }];
  const errors: FieldError[] = [];
  for (const [i, cells] of table.rows.entries()) {
    for (const [column, cell] of cells.entries()) {
      if (!isUnsafeText(cell)) continue;
      const name = table.header[column];
      const field = name !== undefined && COLUMN_NAME.test(name) ? `rows[${i + 1}].${name}` : `rows[${i + 1}]`;
      errors.push({ field, message: UNSAFE_TEXT_MESSAGE });
      if (errors.length === MAX_REPORTED) return errors;
    }
  }
  return errors;
}

/**
 * The body as UTF-8 text. Other encodings (a spreadsheet's "Unicode text" is UTF-16, older exports Windows-1252)
 * are refused rather than read: decoded leniently, "José" was stored as "Jos\uFFFD" without a word.
 */
function utf8Text(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new RequestValidationError([
      { field: 'body', message: 'is not UTF-8 text: save the file as "CSV UTF-8" and upload it again' },
    ]);
  }
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
      done(null, parseCsvTable(utf8Text(body)));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
