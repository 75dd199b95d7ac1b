/** One candidate of a bulk upload, as the CSV or JSON form names it. */
export interface BulkRowBody {
  candidateName: string;
  candidateEmail: string;
  extraMinutes?: number | string;
}

/** `count` distinct candidates whose emails start with `prefix` (unique per test, so runs never collide). */
export function bulkRows(count: number, prefix: string): BulkRowBody[] {
  return Array.from({ length: count }, (_, i) => ({
    candidateName: `Candidate ${prefix} ${i + 1}`,
    candidateEmail: `${prefix}-${i + 1}@example.test`,
    ...(i % 3 === 0 && { extraMinutes: 15 }),
  }));
}

const cell = (value: string | number | undefined): string => {
  const text = value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The CSV a recruiter would upload: the header, then one line per row (an absent extraMinutes left empty). */
export function bulkCsv(rows: BulkRowBody[], header = 'candidateName,candidateEmail,extraMinutes'): string {
  const lines = rows.map((r) => [r.candidateName, r.candidateEmail, r.extraMinutes].map(cell).join(','));
  return `${header}\n${lines.join('\n')}\n`;
}
