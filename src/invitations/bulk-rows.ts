import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RequestValidationError } from '../common/errors/domain-error.js';
import { type FieldError } from '../common/errors/problem-details.dto.js';
import { CsvTable } from '../common/http/csv-body-parser.js';
import { toFieldErrors } from '../common/http/validation.pipe.js';
import { MAX_BULK_ROWS } from './dto/bulk-invitations.dto.js';
import { CreateInvitationDto } from './dto/create-invitation.dto.js';

/** One candidate of a bulk invitation, valid by the single invitation's rules. */
export interface BulkRow {
  /** 1-based: the CSV's data row (the header is not a row), or the JSON array's index + 1. */
  row: number;
  invitation: CreateInvitationDto;
}

/** The rows that passed, and a `rows[<n>].<name>` error for each problem of the others. */
export interface CheckedRows {
  rows: BulkRow[];
  errors: FieldError[];
}

const REQUIRED_COLUMNS = ['candidateName', 'candidateEmail'] as const;
const COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, 'extraMinutes'];

const rowField = (row: number, name?: string): string => (name ? `rows[${row}].${name}` : `rows[${row}]`);

/**
 * Reads a bulk invitation body, CSV (parsed by the text/csv body parser) or JSON, and checks every row by the
 * single invitation's rules (its DTO) and against the others: an email twice in one upload is an error on each
 * later row. A body of the wrong shape, no rows or more than MAX_BULK_ROWS throws a 400 at once; row problems
 * are returned, all of them, for the caller to add its own (live invitations) before refusing.
 */
export function checkBulkRows(body: unknown): CheckedRows {
  const raw = body instanceof CsvTable ? csvRows(body) : jsonRows(body);
  if (raw.length === 0)
    throw new RequestValidationError([{ field: 'rows', message: 'are missing: add at least one candidate' }]);
  if (raw.length > MAX_BULK_ROWS) {
    throw new RequestValidationError([
      { field: 'rows', message: `are too many: ${raw.length} rows, at most ${MAX_BULK_ROWS} in one upload` },
    ]);
  }
  const rows: BulkRow[] = [];
  const errors: FieldError[] = [];
  const firstRowOfEmail = new Map<string, number>();
  for (const { row, value, problem } of raw) {
    if (problem) {
      errors.push({ field: rowField(row), message: problem });
      continue;
    }
    const invitation = plainToInstance(CreateInvitationDto, value);
    const refused = toFieldErrors(
      validateSync(invitation, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }),
      rowField(row),
    );
    if (refused.length > 0) {
      errors.push(...refused);
      continue;
    }
    const email = emailKey(invitation.candidateEmail);
    const first = firstRowOfEmail.get(email);
    if (first !== undefined) {
      errors.push({
        field: rowField(row, 'candidateEmail'),
        message: `is the same as row ${first}'s: invite each candidate once per upload`,
      });
      continue;
    }
    firstRowOfEmail.set(email, row);
    rows.push({ row, invitation });
  }
  return { rows, errors };
}

/** Emails compare without case or surrounding spaces: the same person, whatever the spelling. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

interface RawRow {
  row: number;
  value?: Record<string, unknown>;
  problem?: string;
}

function csvRows(table: CsvTable): RawRow[] {
  const headerErrors: FieldError[] = [];
  const seen = new Set<string>();
  for (const name of table.header) {
    if (!COLUMNS.includes(name)) {
      headerErrors.push({
        field: 'header',
        message: `names an unknown column "${name.slice(0, 60)}": the columns are ${COLUMNS.join(', ')}`,
      });
    } else if (seen.has(name)) {
      headerErrors.push({ field: 'header', message: `names the column ${name} twice` });
    }
    seen.add(name);
  }
  for (const name of REQUIRED_COLUMNS) {
    if (!seen.has(name)) headerErrors.push({ field: 'header', message: `is missing the column ${name}` });
  }
  if (headerErrors.length > 0) throw new RequestValidationError(headerErrors);
  return table.rows.map((cells, i) => {
    const row = i + 1;
    if (cells.length > table.header.length) {
      return {
        row,
        problem: `has ${cells.length} values but the header names ${table.header.length} columns (quote a value that contains a comma)`,
      };
    }
    const value: Record<string, unknown> = {};
    table.header.forEach((name, column) => {
      const cell = cells[column];
      if (name === 'extraMinutes') {
        // Optional per row: an empty cell (or none) is no accommodation; a number is read as one.
        const text = (cell ?? '').trim();
        if (text !== '') value.extraMinutes = /^[+-]?\d+$/.test(text) ? Number(text) : text;
      } else {
        value[name] = cell ?? '';
      }
    });
    return { row, value };
  });
}

function jsonRows(body: unknown): RawRow[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestValidationError([
      { field: 'body', message: 'must be an object {invitations: [...]} or text/csv with a header row' },
    ]);
  }
  const unknown = Object.keys(body).filter((key) => key !== 'invitations');
  if (unknown.length > 0) {
    throw new RequestValidationError(
      unknown.map((key) => ({ field: key, message: `property ${key} should not exist` })),
    );
  }
  const { invitations } = body as { invitations?: unknown };
  if (!Array.isArray(invitations)) {
    throw new RequestValidationError([{ field: 'invitations', message: 'invitations must be an array' }]);
  }
  return invitations.map((value: unknown, i) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { row: i + 1, value: value as Record<string, unknown> }
      : { row: i + 1, problem: 'must be an object {candidateName, candidateEmail, extraMinutes?}' },
  );
}
