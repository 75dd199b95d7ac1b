/** RFC 4180 CSV, hardened for spreadsheets. */

export type CsvCell = string | number | boolean | Date | null;

// A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return String(value);
  // Neutralised with a leading apostrophe (OWASP's advice), so the text shows but never evaluates.
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  // Quoted also on ";" and tab: spreadsheets in many locales split on those, and "x;=1+1" would then be a
  // second cell that starts a formula.
  return /[",;\t\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly CsvCell[]): string => `${cells.map(csvCell).join(',')}\r\n`;
