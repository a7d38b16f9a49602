import { describe, expect, it } from 'vitest';
import { csvRow } from './csv.ts';

describe('csvRow', () => {
  it('quotes what needs quoting and leaves the rest alone', () => {
    expect(csvRow(['a', 'b c', 'x,y', 'say "hi"', 'two\nlines', null, 3, true])).toBe(
      'a,b c,"x,y","say ""hi""","two\nlines",,3,true\r\n',
    );
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvRow(['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'Müller'])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),Müller\r\n`,
    );
  });
});
