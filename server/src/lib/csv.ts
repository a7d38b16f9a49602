/**
 * One CSV line (RFC 4180, CRLF): fields with commas, quotes or line breaks are quoted, and a field
 * starting with = + - @ (or a tab/CR) is prefixed with ' so a spreadsheet never runs it as a formula.
 */
export function csvRow(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return (
    values
      .map((value) => {
        if (value === null || value === undefined) return '';
        let text = String(value);
        if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
