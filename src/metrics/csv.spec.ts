import { csvCell, csvLine } from './csv.js';

describe('csv', () => {
  it('should quote a cell when it holds a comma, quote or line break', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('should neutralise a cell when it starts like a spreadsheet formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
  });

  it('should quote a cell when it holds a semicolon or tab, so a ";" locale cannot split a formula out of it', () => {
    expect(csvCell('x;=1+1')).toBe('"x;=1+1"');
    expect(csvCell('a\t=1+1')).toBe('"a\t=1+1"');
  });

  it('should neutralise a cell when it starts with a tab or carriage return', () => {
    expect(csvCell('\t=1+1')).toBe(`"'\t=1+1"`);
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('should write numbers, booleans, dates and nulls plainly when they are not strings', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(new Date('2026-03-02T09:00:00Z'))).toBe('2026-03-02T09:00:00.000Z');
    expect(csvCell(null)).toBe('');
  });

  it('should end each line with CRLF when joining cells', () => {
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});
