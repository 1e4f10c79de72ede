// Text for a terminal: whatever a value holds is shown, never obeyed; crm's own colours and line breaks pass the
// door, nothing else that acts on a terminal does; widths are measured as a terminal draws them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Context, type Streams } from '../../../src/context.js';
import { oneLine } from '../../../src/cli.js';
import { jsonText } from '../../../src/render/output.js';
import { palette } from '../../../src/render/style.js';
import stringWidth from 'string-width';
import { SINGLE_WIDTH, displayWidth, table, truncate, wrap } from '../../../src/render/table.js';
import { forTerminal, visible } from '../../../src/render/terminal.js';

/** Every character that acts on a terminal rather than showing: C0, DEL, C1, format characters (bidi...), U+2028/9. */
const ACTS = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\u2028\u2029]/u;
const ESC_SEQUENCE = /\x1b\[[0-9;]*m/g;
/** What the palette writes: the only escape sequences allowed out, and only when colour is on. */
const OWN_CODES = new Set(['\x1b[0m', '\x1b[1m', '\x1b[2m', '\x1b[22m', '\x1b[31m', '\x1b[32m', '\x1b[33m', '\x1b[36m', '\x1b[39m']);

const CODE_POINT = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));

const HOSTILE = 'Evil\x1b]0;PWNED\x07\x1b[2J\x1b[31mRED\x1b[8mhidden\u009b31m\u009d0;t\u009c\u202eRTL\u2066iso\u2069\u200bzw\ufeffbom\x7f\x00nul\r\nINJECTED';

describe('visible', () => {
  it('escapes controls, escape sequences, C1, bidi and invisible format characters, line breaks included', () => {
    expect(visible(HOSTILE)).toBe(
      'Evil\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mRED\\x1b[8mhidden\\x9b31m\\x9d0;t\\x9c\\u202eRTL\\u2066iso\\u2069\\u200bzw\\ufeffbom\\x7f\\x00nul\\r\\nINJECTED',
    );
    expect(visible('tab\there\u2028sep\u{E0001}tag')).toBe('tab\\there\\u2028sep\\u{e0001}tag');
  });

  it('leaves ordinary text alone: accents, CJK, emoji with joiners and flags, combining marks', () => {
    for (const text of ['Müller GmbH', '株式会社サンプル', '👨‍👩‍👧 family', 'flag 🏴󠁧󠁢󠁥󠁮󠁧󠁿 and 🇩🇪', 'e\u0301 and क्‍ष', 'زهرا‌ی', 'C:\\path "quoted"']) {
      expect(visible(text)).toBe(text);
    }
  });

  it('never lets anything that acts on a terminal through, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('\x1b', '\x9b', '\u202e', '\n', '\u200b', '\u200d', '\u{E0041}', '\u{1F3F4}', '\u{E007F}'), CODE_POINT), maxLength: 40 }), (text) => {
        const shown = visible(text).replace(/\u{1F3F4}[\u{E0020}-\u{E007F}]+/gu, ''); // a tag sequence stays
        expect(shown).not.toMatch(ACTS);
      }),
    );
  });
});

describe('forTerminal (the door)', () => {
  const c = palette(true);

  it('keeps crm colour codes and line breaks when colour is on, escapes every other sequence', () => {
    const text = `${c.red('overdue')}\n${c.bold.dim('name')} ${HOSTILE}`;
    const shown = forTerminal(text, { colour: true, lineBreaks: true });
    for (const code of shown.match(/\x1b\[[0-9;]*[A-Za-z]|\x1b./g) ?? []) expect(OWN_CODES).toContain(code);
    expect(shown.split('\n')).toHaveLength(3); // crm's own break, and the value's \r\n (not escaped by the door alone)
    expect(shown).toContain('\\x1b]0;PWNED\\x07\\x1b[2J');
    expect(shown).toContain('\\x1b[8m'); // not one of crm's codes: "conceal" would hide the rest of the output
    expect(shown).not.toMatch(/[\x80-\x9f\u202e\u2066\u200b\ufeff\x7f\x00\r]/);
  });

  it('lets no escape character out when colour is off (a pipe, NO_COLOR)', () => {
    const shown = forTerminal(`${c.red('overdue')} ${HOSTILE}`, { colour: false, lineBreaks: true });
    expect(shown).not.toContain('\x1b');
    expect(shown.startsWith('\\x1b[31moverdue')).toBe(true);
  });

  it('makes a message one line, the way cli.ts prints errors', () => {
    expect(forTerminal('Added Evil\nINJECTED (#1).', { colour: false, lineBreaks: false })).toBe('Added Evil\\nINJECTED (#1).');
    expect(oneLine(`no client "${HOSTILE}"`)).not.toMatch(ACTS);
    expect(oneLine('commander says\n  something\tlong')).toBe('commander says something long');
  });
});

describe('Context: out and info go through the door', () => {
  function capture(env: NodeJS.ProcessEnv = {}) {
    let out = '';
    let err = '';
    const stdout = { write: (chunk: string) => ((out += chunk), true), isTTY: true, columns: 80 };
    const stderr = { write: (chunk: string) => ((err += chunk), true) };
    const ctx = new Context({ stdout, stderr, stdin: {} } as unknown as Streams, { TERM: 'xterm', ...env }, () => ({}));
    return { ctx, out: () => out, err: () => err };
  }

  it('out keeps crm colours on a terminal and escapes the rest; info is one line, no colour', () => {
    const run = capture();
    run.ctx.out(`${palette(true).red('x')} ${HOSTILE}`);
    run.ctx.info(`Added ${HOSTILE} (#1).`);
    // The value's own "\x1b[31m" is one of crm's codes: the door alone lets it by (renderers make values visible
    // first); its \x1b[8m, title and screen clearing are escaped.
    for (const code of run.out().match(/\x1b\[[0-9;]*m/g) ?? []) expect(OWN_CODES).toContain(code);
    expect(run.out().replace(ESC_SEQUENCE, '')).not.toMatch(/\x1b|[\x80-\x9f\u202e]/);
    expect(run.err()).toBe(`Added ${visible(HOSTILE)} (#1).\n`);
  });

  it('out with NO_COLOR lets no escape character out', () => {
    const run = capture({ NO_COLOR: '1' });
    run.ctx.out(`${palette(true).red('x')} ${HOSTILE}`);
    expect(run.out()).not.toContain('\x1b');
  });

  it('outVerbatim writes a format that escapes for its own reader as it is', () => {
    const run = capture();
    run.ctx.outVerbatim('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    expect(run.out()).toBe('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  });
});

describe('JSON for a terminal', () => {
  it('writes C1 controls, bidi and invisible characters as \\u escapes: the same value for a parser', () => {
    const value = { name: HOSTILE, tags: ['a\u{E0001}b', '🏴󠁧󠁢󠁥󠁮󠁧󠁿'] };
    const text = jsonText(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e\u2066\u200b\ufeff\u{E0001}]/u);
    expect(text).toContain('\\u009b31m\\u009d');
    expect(JSON.parse(jsonText(value, 2))).toEqual(value);
  });
});

describe('widths and layout', () => {
  it('measures what a terminal draws: wide CJK and emoji, zero-width joiners and marks, crm colour codes', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('株式会社')).toBe(8);
    expect(displayWidth('👨‍👩‍👧')).toBe(2); // one emoji ZWJ sequence
    expect(displayWidth('🏴󠁧󠁢󠁥󠁮󠁧󠁿')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth(palette(true).red('red'))).toBe(3);
  });

  it('measures the single-width characters without string-width exactly as string-width does', () => {
    let checked = 0;
    for (let code = 0; code < 0x2600; code++) {
      const char = String.fromCodePoint(code);
      if (!SINGLE_WIDTH.test(char)) continue;
      expect(stringWidth(char), `U+${code.toString(16)}`).toBe(1);
      checked++;
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('cuts between grapheme clusters, never inside an emoji sequence or before a combining mark', () => {
    expect(truncate('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧', 5)).toBe('👨‍👩‍👧👨‍👩‍👧…');
    expect(truncate('a\u0301bcdef', 3)).toBe('a\u0301b…');
    expect(displayWidth(truncate('株式会社サンプル', 7))).toBeLessThanOrEqual(7);
  });

  /** Where the second column starts on each line, in terminal columns. */
  const columnStarts = (text: string) => text.split('\n').map((row) => displayWidth(row.slice(0, row.indexOf('|'))));

  it('keeps columns aligned whatever the names hold', () => {
    const names = ['Acme', 'Evil\u200b\u200b\u200bzero', 'C1 \u009b\u009d here', 'Family 👨‍👩‍👧‍👦 Ltd', '株式会社', 'e\u0301e\u0301e\u0301', HOSTILE];
    const text = table(names, [{ header: 'NAME', cell: (n) => n }, { header: '|END', cell: () => '|x' }], { width: 1000 });
    expect(new Set(columnStarts(text)).size).toBe(1);
    expect(text.split('\n')).toHaveLength(names.length + 1);
    expect(text.replaceAll('\n', '')).not.toMatch(ACTS);
  });

  it('wraps and cuts values without letting a line break or a code through, keeping crm colours', () => {
    const c = palette(true);
    const lines = wrap(`${HOSTILE} and more words to wrap around`, 30, c.red('● '), '  ');
    for (const line of lines) {
      expect(displayWidth(line)).toBeLessThanOrEqual(30);
      expect(line.replace(ESC_SEQUENCE, '')).not.toMatch(ACTS);
    }
    expect(lines[0]!.startsWith('\x1b[31m●')).toBe(true);
    expect(truncate(`${c.bold('Name')} ${HOSTILE}`, 12)).toBe('\x1b[1mName\x1b[22m Evil\\x…\x1b[0m');
  });
});
