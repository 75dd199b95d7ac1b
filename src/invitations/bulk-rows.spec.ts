import { DomainError } from '../common/errors/domain-error.js';
import { parseCsvTable } from '../common/http/csv-body-parser.js';
import { checkBulkRows } from './bulk-rows.js';

const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return (err.fieldErrors ?? []).map((e) => e.field);
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('checkBulkRows', () => {
  it('should read CSV rows by header name, in any order, with extraMinutes optional per row', () => {
    const table = parseCsvTable(
      '\uFEFFcandidateEmail,candidateName,extraMinutes\r\nada@example.test, Ada ,15\r\n\r\nbob@example.test,Bob\r\n',
    );
    const { rows, errors } = checkBulkRows(table);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.invitation.candidateName, r.invitation.extraMinutes])).toEqual([
      [1, 'Ada', 15],
      [2, 'Bob', undefined],
    ]);
  });

  it('should name every bad row and each repeated email when rows break the rules', () => {
    const { rows, errors } = checkBulkRows({
      invitations: [
        { candidateName: 'Ada', candidateEmail: 'ada@example.test' },
        { candidateName: '', candidateEmail: 'ada@example.test' },
        { candidateName: 'Ada again', candidateEmail: ' ADA@example.test' },
        null,
      ],
    });
    expect(rows.map((r) => r.row)).toEqual([1]);
    expect(errors.map((e) => e.field)).toEqual(['rows[2].candidateName', 'rows[3].candidateEmail', 'rows[4]']);
  });

  it('should refuse at once when the header, the row count or the body shape is wrong', () => {
    expect(fieldsOf(() => checkBulkRows(parseCsvTable('email,candidateName\nx,y\n')))).toEqual(['header', 'header']);
    expect(fieldsOf(() => checkBulkRows(parseCsvTable('candidateName,candidateEmail\n')))).toEqual(['rows']);
    expect(fieldsOf(() => checkBulkRows({ invitations: new Array(1001).fill({}) }))).toEqual(['rows']);
    expect(fieldsOf(() => checkBulkRows({ invitations: [], extra: 1 }))).toEqual(['extra']);
    expect(fieldsOf(() => checkBulkRows([]))).toEqual(['body']);
  });

  it('should name the row where the CSV stops being readable', () => {
    expect(
      fieldsOf(() => parseCsvTable('candidateName,candidateEmail\nA,a@x.test\nB,b@x.test\n"C,c@x.test\n')),
    ).toEqual(['rows[3]']);
    expect(fieldsOf(() => parseCsvTable(''))).toEqual(['header']);
  });
});
