import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, CsvParser, csvField, csvRecord, parseCsv } from '../../../src/core/csv.js';

/** Feeds the text in the given pieces; returns every record with the line it started on. */
function feed(chunks: string[]): { fields: string[]; line: number }[] {
  const parser = new CsvParser();
  const out: { fields: string[]; line: number }[] = [];
  for (const chunk of chunks) out.push(...parser.push(chunk));
  out.push(...parser.end());
  return out;
}
const records = (chunks: string[]) => feed(chunks).map((r) => r.fields);

/** The text cut at the given positions. */
function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(text.slice(from, point));
    from = point;
  }
  pieces.push(text.slice(from));
  return pieces;
}

describe('CsvParser', () => {
  it('reads plain records ending in CRLF, LF or CR, alike', () => {
    const expected = [['name', 'email'], ['Acme', 'a@acme.io'], ['Globex', 'g@globex.io']];
    expect(records(['name,email\r\nAcme,a@acme.io\r\nGlobex,g@globex.io\r\n'])).toEqual(expected);
    expect(records(['name,email\nAcme,a@acme.io\nGlobex,g@globex.io\n'])).toEqual(expected);
    expect(records(['name,email\rAcme,a@acme.io\rGlobex,g@globex.io\r'])).toEqual(expected);
    expect(records(['name,email\r\nAcme,a@acme.io\nGlobex,g@globex.io\r'])).toEqual(expected);
  });

  it('reads a last line without a line break', () => {
    expect(records(['a,b\r\nc,d'])).toEqual([['a', 'b'], ['c', 'd']]);
    expect(records(['a,b\r\n"c, d"'])).toEqual([['a', 'b'], ['c, d']]);
    expect(records(['a,b\r\nc,'])).toEqual([['a', 'b'], ['c', '']]);
  });

  it('reads nothing from an empty input, and no extra record after a final line break', () => {
    expect(records([''])).toEqual([]);
    expect(records([])).toEqual([]);
    expect(records(['a\r\n'])).toEqual([['a']]);
    expect(records(['a\n'])).toEqual([['a']]);
    expect(records(['a\r'])).toEqual([['a']]);
  });

  it('keeps empty fields, at the start, middle and end', () => {
    expect(records([',a,,b,\r\n'])).toEqual([['', 'a', '', 'b', '']]);
    expect(records([',\r\n'])).toEqual([['', '']]);
    expect(records(['"",""\r\n'])).toEqual([['', '']]);
  });

  it('reads quoted fields with commas, escaped quotes and line breaks of every kind', () => {
    const text = '"Smith, ""JJ"" Jane","line 1\r\nline 2","a\nb","c\rd",plain\r\n';
    expect(records([text])).toEqual([['Smith, "JJ" Jane', 'line 1\r\nline 2', 'a\nb', 'c\rd', 'plain']]);
    expect(records(['""""\r\n'])).toEqual([['"']]);
    expect(records(['"a""",b\r\n'])).toEqual([['a"', 'b']]);
    expect(records(['"""a"""\r\n'])).toEqual([['"a"']]);
  });

  it('takes a quote inside an unquoted field literally', () => {
    expect(records(['5" floppy,x\r\n'])).toEqual([['5" floppy', 'x']]);
  });

  it('numbers each record by the line it starts on, counting line breaks inside quotes', () => {
    const text = 'name,note\r\nA,"two\r\nlines"\r\nB,x\r\n\r\nC,"three\nlines\nhere"\nD,y';
    expect(feed([text]).map((r) => [r.fields[0], r.line])).toEqual([
      ['name', 1],
      ['A', 2],
      ['B', 4],
      ['', 5],
      ['C', 6],
      ['D', 9],
    ]);
  });

  it('does not strip a byte order mark: the reader does that', () => {
    expect(records(['\uFEFFname,email\r\n'])).toEqual([['\uFEFFname', 'email']]);
  });

  it('refuses an unclosed quote at the end, naming the line the field starts on', () => {
    const parser = new CsvParser();
    parser.push('name,note\r\nA,x\r\nB,"never closed\r\nstill open,\r\n');
    expect(() => parser.end()).toThrow(CsvError);
    expect(() => {
      const p = new CsvParser();
      p.push('name,note\r\nA,x\r\nB,"never closed\r\nstill open,\r\n');
      p.end();
    }).toThrow(/line 3\b.*never closed/);
    expect(() => parseCsv('"abc')).toThrow(/line 1\b/);
  });

  it('accepts a quoted field closed right at the end of the input', () => {
    expect(records(['a,"b"'])).toEqual([['a', 'b']]);
    expect(records(['a,"b', '"'])).toEqual([['a', 'b']]);
  });

  it('gives the same records whatever the chunk boundaries, including a CRLF or "" split in two', () => {
    const text = 'a,"b ""q"" c"\r\n"x\r\ny",z\r\nlast,"é😀"';
    const whole = records([text]);
    expect(whole).toEqual([['a', 'b "q" c'], ['x\r\ny', 'z'], ['last', 'é😀']]);
    for (let i = 0; i <= text.length; i++) {
      expect(records([text.slice(0, i), text.slice(i)])).toEqual(whole);
    }
    expect(records([...text])).toEqual(whole);
    expect(records(['a\r', '\nb\r', '', '\nc'])).toEqual([['a'], ['b'], ['c']]);
  });

  it('round-trips any records through csvRecord, in any chunks (property)', () => {
    const char = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('"', ',', '\r', '\n', ' ', '\t', '\uFEFF') },
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    );
    const value = fc.string({ unit: char, maxLength: 12 });
    const record = fc.array(value, { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (rows, cuts) => {
        const text = rows.map(csvRecord).join('');
        expect(records(split(text, cuts))).toEqual(rows);
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseCsv', () => {
  it('skips blank lines', () => {
    expect(parseCsv('a,b\r\n\r\n\nc,d\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
  });
});

describe('csvField and csvRecord', () => {
  it('leaves plain text as is', () => {
    expect(csvField('Acme GmbH')).toBe('Acme GmbH');
    expect(csvField('ana@example.com')).toBe('ana@example.com');
    expect(csvField('é😀')).toBe('é😀');
    expect(csvField('')).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('Smith, "JJ" Jane')).toBe('"Smith, ""JJ"" Jane"');
    expect(csvField('"')).toBe('""""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it('quotes leading or trailing spaces, so a spreadsheet keeps them', () => {
    expect(csvField(' a')).toBe('" a"');
    expect(csvField('a ')).toBe('"a "');
    expect(csvField('\ta')).toBe("'\ta"); // a tab first is a formula prefix too (below)
    expect(csvField('a b')).toBe('a b');
  });

  it('puts a single quote before a formula (OWASP): = + - @ first, also after spaces; a tab or CR first', () => {
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(csvField("+cmd|'/C calc'!A0")).toBe("'+cmd|'/C calc'!A0");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(1+1)')).toBe("'@SUM(1+1)");
    expect(csvField('  =1+1')).toBe("'  =1+1");
    expect(csvField('\n=1+1')).toBe('"\'\n=1+1"');
    expect(csvField('\t')).toBe('"\'\t"');
    expect(csvField('\rx')).toBe('"\'\rx"');
    // and before a text that starts with quotes and then a formula, so that the reader takes off only its own
    expect(csvField("'=1+1")).toBe("''=1+1");
    expect(csvField("'' @x")).toBe("''' @x");
    // not elsewhere
    expect(csvField("O'Brien")).toBe("O'Brien");
    expect(csvField("'quoted'")).toBe("'quoted'");
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
  });

  it('leaves numbers as numbers: a negative amount or tone is not a formula', () => {
    expect(csvField(-2)).toBe('-2');
    expect(csvField(-1500.5)).toBe('-1500.5');
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('-12.50x')).toBe("'-12.50x");
  });

  it('reads a quoted formula back as the text it was, and any text written round-trips (property)', () => {
    expect(parseCsv(csvRecord(['=1+1', "'=1+1", '-2', '-2+3', "'plain", ' @x']))).toEqual([['=1+1', "'=1+1", '-2', '-2+3', "'plain", ' @x']]);
    // A cell a spreadsheet user quoted the same way reads as its text too.
    expect(parseCsv("'=SUM(A1:A2),'@x,'plain\r\n")).toEqual([['=SUM(A1:A2)', '@x', "'plain"]]);
    const char = fc.constantFrom('=', '+', '-', '@', "'", ' ', '\t', '\r', '\n', '1', '.', 'a', '"', ',');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: char, maxLength: 8 }), { minLength: 2, maxLength: 4 }), (record) => {
        expect(parseCsv(csvRecord(record))).toEqual([record]);
        // Whatever was written, no cell starts a formula in a spreadsheet.
        for (const field of record.map(csvField)) {
          const cell = field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field; // as a spreadsheet holds it
          expect(cell).not.toMatch(/^(?:[\t\r]|\s*[=+@]|\s*-(?!\d+(?:\.\d+)?$))/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('writes null and undefined as empty, numbers and booleans as text, objects as JSON', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(0)).toBe('0');
    expect(csvField(-1500.5)).toBe('-1500.5');
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
    expect(csvField(['a', 'b'])).toBe('"[""a"",""b""]"');
    expect(csvField({ k: 1 })).toBe('"{""k"":1}"');
  });

  it('ends a record with CRLF', () => {
    expect(csvRecord(['a', 'b,c', null, 3])).toBe('a,"b,c",,3\r\n');
    expect(csvRecord([''])).toBe('\r\n');
    expect(parseCsv(csvRecord(['x', 'y "z"', 'p\nq']))).toEqual([['x', 'y "z"', 'p\nq']]);
  });
});
