// Plain-text tables that fit the terminal: columns padded to their widest cell, the flexible column cut.
// Widths are measured by string-width (grapheme clusters, East Asian width, emoji sequences, zero-width marks),
// not by hand: a hand-kept table of ranges misaligned columns on zero-width characters and emoji ZWJ sequences.
import { forTerminal, visible } from './terminal.js';

export interface Column<T> {
  header: string;
  cell: (row: T) => string;
  align?: 'left' | 'right';
  /** gives way when the table is wider than the terminal (the widest flexible column first) */
  flexible?: boolean;
  /** decorates the padded cell (colour); must not change its visible width */
  style?: (text: string, row: T) => string;
}

/** Visible width in terminal columns: crm's colour codes take no room, wide (CJK, emoji) characters take two. */
export function displayWidth(text: string): number {
  const plain = text.includes('\x1b') ? text.replace(OWN_CODES, '') : text;
  if (SINGLE_WIDTH.test(plain)) return plain.length;
  // Loaded the first time a text needs it, not by every command that might print a table: string-width builds
  // a Unicode segmenter as it loads (some 30 ms of start-up). esbuild bundles this require() as a module that
  // initialises on the first call.
  stringWidth ??= (require('string-width') as typeof import('string-width')).default;
  return stringWidth(plain);
}

let stringWidth: ((text: string) => number) | undefined;

const OWN_CODES = /\x1b\[[0-9;]*m/g;

/**
 * Text that is one column a character whatever the terminal: printable ASCII, Latin, Greek and Cyrillic
 * letters without combining marks, and the punctuation, currency signs, arrows, bars and shapes crm prints.
 * Measured without string-width, which segments every string into grapheme clusters (a hundred times
 * slower); a unit test holds every character of the set to string-width's own answer.
 */
export const SINGLE_WIDTH =
  /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2190-\u21ff\u2500-\u25fc]*$/;

/**
 * Text about to be laid out on one line: values from the book should have been made visible already; what a
 * renderer missed is escaped here (a line break included, so a value can never start a line of its own).
 * crm's own colour codes are kept.
 */
function oneLine(text: string): string {
  return forTerminal(text, { colour: true, lineBreaks: false });
}

const OWN_CODE = /\x1b\[[0-9;]*m/y;
let segmenter: Intl.Segmenter | undefined; // made when a text is first cut: it loads the Unicode break rules

/** crm's colour codes and the grapheme clusters (what a terminal draws as one character) between them. */
function* tokens(text: string): Generator<{ text: string; code: boolean }> {
  let at = 0;
  let plain = '';
  const flush = function* () {
    if (plain) for (const { segment } of (segmenter ??= new Intl.Segmenter()).segment(plain)) yield { text: segment, code: false };
    plain = '';
  };
  while (at < text.length) {
    OWN_CODE.lastIndex = at;
    const code = text.charCodeAt(at) === 0x1b ? OWN_CODE.exec(text) : null;
    if (code) {
      yield* flush();
      yield { text: code[0], code: true };
      at += code[0].length;
    } else {
      plain += text[at];
      at++;
    }
  }
  yield* flush();
}

/** Cuts text to a visible width, ending with an ellipsis when cut; colour codes take no room and survive. */
export function truncate(text: string, width: number): string {
  const clean = oneLine(text);
  if (displayWidth(clean) <= width) return clean;
  let out = '';
  let used = 0;
  let styled = false;
  for (const token of tokens(clean)) {
    if (token.code) {
      out += token.text;
      styled = true;
      continue;
    }
    const w = displayWidth(token.text);
    if (used + w > width - 1) break;
    out += token.text;
    used += w;
  }
  return `${out}…${styled ? '\x1b[0m' : ''}`;
}

export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const room = Math.max(0, width - displayWidth(text));
  return align === 'right' ? ' '.repeat(room) + text : text + ' '.repeat(room);
}

const MIN_FLEXIBLE_WIDTH = 12;

export function table<T>(rows: T[], columns: Column<T>[], options: { width: number; header?: (s: string) => string }): string {
  // Every cell is a value: shown, never obeyed (crm's colours are added by style, after padding).
  const cells = rows.map((row) => columns.map((c) => visible(c.cell(row))));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i]!))));
  const gap = 2;
  let overflow = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1) - options.width;
  const floor = (i: number) => Math.max(displayWidth(columns[i]!.header), MIN_FLEXIBLE_WIDTH);
  while (overflow > 0) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.flexible && widths[i]! > floor(i) && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]!--;
    overflow--;
  }
  const lines: string[] = [];
  const headerLine = columns.map((c, i) => pad(c.header, widths[i]!, c.align)).join(' '.repeat(gap)).trimEnd();
  lines.push(options.header ? options.header(headerLine) : headerLine);
  rows.forEach((row, r) => {
    const line = columns.map((c, i) => {
      const padded = pad(truncate(cells[r]![i]!, widths[i]!), widths[i]!, c.align);
      return c.style ? c.style(padded, row) : padded;
    });
    lines.push(line.join(' '.repeat(gap)).trimEnd());
  });
  return lines.join('\n');
}

/** Word-wraps text to a visible width: the first line starts with `first`, the rest with `rest`. */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const words = oneLine(text).split(/\s+/).filter(Boolean);
  const restWidth = displayWidth(rest);
  const lines: string[] = [];
  let line = first;
  let used = displayWidth(first);
  let empty = true;
  for (const word of words) {
    const size = displayWidth(word);
    if (!empty && used + 1 + size > width) {
      lines.push(line);
      line = rest + word;
      used = restWidth + size;
    } else {
      line = empty ? line + word : `${line} ${word}`;
      used += empty ? size : 1 + size;
    }
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines.map((l) => (displayWidth(l) > width ? truncate(l, width) : l));
}
