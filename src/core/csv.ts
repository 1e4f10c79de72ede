// RFC 4180 CSV: a streaming parser (fed chunk by chunk, so big files never sit in memory whole)
// and a writer. Quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF end records.
//
// A CSV is opened in a spreadsheet, which runs a cell starting with = + - @ (or a tab or CR, or any of them
// after spaces) as a formula: a client named `=HYPERLINK(...)` or `+cmd|'/C calc'!A0` would be a link or a
// command. So the writer puts a single quote before such a text (OWASP's rule: the spreadsheet shows the text,
// and runs nothing), and the parser takes it off again, so crm's import reads back exactly what was exported.
// Numbers are written as they are: a negative amount stays a number.

/** The separators a CSV may use: commas (RFC 4180), semicolons (Excel where the decimal mark is a comma), tabs. */
export const CSV_DELIMITERS = { ',': ',', ';': ';', tab: '\t' } as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[keyof typeof CSV_DELIMITERS];

/**
 * The separator of a CSV, from its header line: the one of comma, semicolon and tab that occurs most often outside
 * quotes (Dutch or German Excel writes `name;email;company`); a comma when none does.
 */
export function sniffDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as CsvDelimiter)) counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/** "E-mail", "Reply within hours" -> "email", "replywithinhours": how headers are matched. */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export class CsvParser {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** inside quotes, a quote was just seen: either the end of the field or the first of "" */
  private quoteSeen = false;
  /** the previous character was a CR ending a record: a following LF belongs to it */
  private afterCr = false;
  /** characters seen since the last record ended: a record of one empty field is still a record */
  private pending = false;
  /** 1-based line number where the current record started, for error messages */
  line = 1;
  private currentLine = 1;

  constructor(private readonly delimiter: CsvDelimiter = ',') {}

  /** Feeds a chunk; returns the records it completed, each with the line it started on. */
  push(chunk: string): { fields: string[]; line: number }[] {
    const out: { fields: string[]; line: number }[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i]!;
      if (this.afterCr) {
        this.afterCr = false;
        if (char === '\n') continue;
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (char === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false; // the quote closed the field; fall through to handle char
        } else if (char === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          if (char === '\n') this.currentLine++;
          this.field += char;
          continue;
        }
      }
      if (char === '"' && this.field === '') {
        this.quoted = true;
        this.pending = true;
      } else if (char === this.delimiter) {
        this.record.push(this.field);
        this.field = '';
        this.pending = true;
      } else if (char === '\n' || char === '\r') {
        this.afterCr = char === '\r';
        out.push(this.endRecord());
      } else {
        this.field += char;
        this.pending = true;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record if the file did not end with a line break. */
  end(): { fields: string[]; line: number }[] {
    if (this.quoted && !this.quoteSeen) throw new CsvError(`line ${this.line}: a quoted field is never closed`);
    if (!this.pending && this.field === '' && this.record.length === 0) return [];
    return [this.endRecord()];
  }

  private endRecord(): { fields: string[]; line: number } {
    this.record.push(this.field);
    const record = { fields: this.record.map(fromCell), line: this.line };
    this.record = [];
    this.field = '';
    this.quoted = false;
    this.quoteSeen = false;
    this.pending = false;
    this.currentLine++;
    this.line = this.currentLine;
    return record;
  }
}

export class CsvError extends Error {}

/** Parses a whole CSV text (for tests and small inputs). Blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()].map((r) => r.fields).filter((f) => !(f.length === 1 && f[0] === ''));
}

/** What a spreadsheet would run as a formula: = + - @ first, after any spaces; or a tab or CR first. */
const FORMULA = /^(?:[\t\r]|\s*[=+\-@])/;
/** A text the writer quoted: one quote more than it had, before a formula (or before quotes and a formula). */
const QUOTED_FORMULA = /^'+(?:[\t\r]|\s*[=+\-@])/;
/** A plain number such as -12.50: a spreadsheet reads it as the number it is, and runs nothing. */
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * A text as it goes into a cell: a single quote before a formula, and before a text the parser would otherwise
 * take a quote from ('=x is written ''=x), so that fromCell gives back any text exactly.
 */
function toCell(text: string): string {
  return (FORMULA.test(text) && !NUMBER.test(text)) || QUOTED_FORMULA.test(text) ? `'${text}` : text;
}

/** A cell as read: toCell's quote taken off again. */
function fromCell(cell: string): string {
  return QUOTED_FORMULA.test(cell) ? cell.slice(1) : cell;
}

/** One CSV field: a formula neutralised (toCell); quoted when it holds a comma, quote, line break, or leading/trailing space. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = toCell(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with the RFC's CRLF ending. */
export function csvRecord(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
