// Plain-text tables that fit the terminal: every table crm prints is laid out here, its columns declared with a
// priority, a minimum and a preferred width, and whether they may be cut, wrapped or dropped.
// Widths are measured by string-width (grapheme clusters, East Asian width, emoji sequences, zero-width marks),
// not by hand: a hand-kept table of ranges misaligned columns on zero-width characters and emoji ZWJ sequences.
import { forTerminal, visible } from './terminal.js';

export interface Column<T> {
  header: string;
  cell: (row: T) => string;
  align?: 'left' | 'right';
  /**
   * How much the column matters when the table is wider than the screen (default 50): the least important gives
   * way first. A column that may neither be cut, wrapped nor dropped (a verdict: status, score, balance) keeps its
   * whole width whatever its priority.
   */
  priority?: number;
  /** may be cut short, with an ellipsis */
  cut?: boolean;
  /** may be wrapped onto more lines instead (text too important to cut: the WHY of health, a description) */
  wrap?: boolean;
  /** the narrowest a cut or wrapped column gets (default 6, never less than its header) */
  min?: number;
  /** the width a cut or wrapped column keeps while less important columns give way (default: its minimum) */
  preferred?: number;
  /** may be left out when, cut to its minimum, the table still does not fit; and is left out when it is empty */
  drop?: boolean;
  /** a shorter form of the cell (a date without its time), taken before the column is cut or dropped */
  compact?: (row: T) => string;
  /** decorates the padded cell (colour); must not change its visible width */
  style?: (text: string, row: T) => string;
  /** @deprecated the older name of `cut` */
  flexible?: boolean;
}

export interface TableOptions<T> {
  /** the screen's width; Infinity (a pipe) prints whole cells */
  width: number;
  /** decorates the header line (colour) */
  header?: (line: string) => string;
  /** rows printed after the others (totals), laid out with them */
  footer?: T[];
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
  // One column a character: no need to find where characters end (a big table cuts thousands of cells).
  if (SINGLE_WIDTH.test(clean)) return `${clean.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
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
  // "Bakkerij…", not "Bakkerij …"
  out = out.replace(/\s+((?:\x1b\[[0-9;]*m)*)$/, '$1');
  return `${out}…${styled ? '\x1b[0m' : ''}`;
}

export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const room = Math.max(0, width - displayWidth(text));
  return align === 'right' ? ' '.repeat(room) + text : text + ' '.repeat(room);
}

const GAP = 2;
/** The narrowest a column is cut or wrapped to unless it says otherwise: a few letters and the ellipsis. */
const MIN_CUT_WIDTH = 6;
const DEFAULT_PRIORITY = 50;

/**
 * Rows laid out in columns for `options.width` (Infinity, for a pipe: whole cells, so that grep and awk see
 * them). When the table is too wide, columns give way by priority, the least important first: each takes its
 * compact form, and a cut or wrapped column shrinks to its preferred width; then, column by column, each shrinks
 * to its minimum and, if it may, is left out (and the others are laid out again without it). A column that may
 * neither be cut, wrapped nor dropped (the verdict) keeps its whole width: when nothing else can give, the table
 * is wider than the screen rather than wrong.
 */
export function table<T>(rows: T[], columns: Column<T>[], options: TableOptions<T>): string {
  const all = options.footer ? [...rows, ...options.footer] : rows;
  const specs = columns.map((column) => measure(column, all));
  const { shown, widths, compact } = layout(specs, options.width);
  const gap = ' '.repeat(GAP);
  const headerLine = shown.map((i) => pad(columns[i]!.header, widths[i]!, columns[i]!.align)).join(gap).trimEnd();
  const lines = [options.header ? options.header(headerLine) : headerLine];
  all.forEach((row, r) => {
    const pieces = shown.map((i) => {
      const spec = specs[i]!;
      const text = (compact.has(i) ? spec.compact! : spec.cells)[r]!;
      return spec.column.wrap ? wrap(text, widths[i]!) : [truncate(text, widths[i]!)];
    });
    const height = Math.max(1, ...pieces.map((p) => p.length));
    for (let at = 0; at < height; at++) {
      const line = shown.map((i, k) => {
        const column = columns[i]!;
        // The last column is not padded on the left: no trailing spaces, even inside a colour.
        const last = k === shown.length - 1 && column.align !== 'right';
        const padded = last ? (pieces[k]![at] ?? '') : pad(pieces[k]![at] ?? '', widths[i]!, column.align);
        return column.style ? column.style(padded, row) : padded;
      });
      lines.push(line.join(gap).trimEnd());
    }
  });
  return lines.join('\n');
}

/** A column's cells and the widths the layout weighs. */
interface Measured<T> {
  column: Column<T>;
  cells: string[];
  compact: string[] | null;
  /** the widest cell (or the header) */
  natural: number;
  compactNatural: number;
  /** may be cut or wrapped */
  shrinks: boolean;
  min: number;
  preferred: number;
  priority: number;
  drop: boolean;
  empty: boolean;
  compactEmpty: boolean;
}

function measure<T>(column: Column<T>, rows: T[]): Measured<T> {
  // Every cell is a value: shown, never obeyed (crm's colours are added by style, after padding).
  const cells = rows.map((row) => visible(column.cell(row)));
  const compact = column.compact ? rows.map((row) => visible(column.compact!(row))) : null;
  const header = displayWidth(column.header);
  const widest = (texts: string[]) => texts.reduce((most, text) => Math.max(most, displayWidth(text)), header);
  const min = Math.max(header, column.min ?? MIN_CUT_WIDTH);
  return {
    column,
    cells,
    compact,
    natural: widest(cells),
    compactNatural: compact ? widest(compact) : Number.POSITIVE_INFINITY,
    shrinks: Boolean(column.cut || column.flexible || column.wrap),
    min,
    preferred: Math.max(min, column.preferred ?? min),
    priority: column.priority ?? DEFAULT_PRIORITY,
    drop: Boolean(column.drop),
    empty: cells.every((cell) => cell === ''),
    compactEmpty: compact !== null && compact.every((cell) => cell === ''),
  };
}

/** Which columns are shown, how wide, and which in their compact form. */
function layout<T>(specs: Measured<T>[], width: number): { shown: number[]; widths: number[]; compact: Set<number> } {
  // An optional column with nothing in it only takes room.
  let shown = specs.map((_, i) => i).filter((i) => !(specs[i]!.drop && specs[i]!.empty));
  for (;;) {
    const widths = specs.map((s) => s.natural);
    const compact = new Set<number>();
    let over = shown.reduce((sum, i) => sum + widths[i]!, 0) + GAP * (shown.length - 1) - width;
    const shrink = (i: number, to: number) => {
      const give = Math.max(0, Math.min(widths[i]! - to, over));
      widths[i]! -= give;
      over -= give;
    };
    // Least important first; of two alike, the one further right.
    const order = [...shown].sort((a, b) => specs[a]!.priority - specs[b]!.priority || b - a);
    let dropped = -1;
    for (const i of order) {
      if (over <= 0) break;
      const spec = specs[i]!;
      if (spec.compactNatural < widths[i]!) {
        over -= widths[i]! - spec.compactNatural;
        widths[i] = spec.compactNatural;
        compact.add(i);
        // Nothing left to show but the header: the room is better spent elsewhere.
        if (spec.drop && spec.compactEmpty) {
          dropped = i;
          break;
        }
      }
      if (spec.shrinks) shrink(i, spec.preferred);
    }
    for (const i of dropped < 0 ? order : []) {
      if (over <= 0) break;
      const spec = specs[i]!;
      if (spec.shrinks) shrink(i, spec.min);
      if (over > 0 && spec.drop) {
        dropped = i;
        break;
      }
    }
    if (dropped >= 0) {
      shown = shown.filter((i) => i !== dropped);
      continue;
    }
    // Room a compact form left over goes back to what was cut, the most important first.
    for (const i of [...order].reverse()) {
      if (over >= 0) break;
      const whole = compact.has(i) ? specs[i]!.compactNatural : specs[i]!.natural;
      const back = Math.min(whole - widths[i]!, -over);
      widths[i]! += back;
      over += back;
    }
    return { shown, widths, compact };
  }
}

/**
 * Word-wraps text to a visible width: the first line starts with `first`, the rest with `rest`. A word wider
 * than a line (a long URL, a name in a script without spaces) is broken where the terminal draws a character.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const words = oneLine(text).split(/\s+/).filter(Boolean);
  const restWidth = displayWidth(rest);
  const lines: string[] = [];
  let line = first;
  let used = displayWidth(first);
  let empty = true;
  const place = (word: string, size: number) => {
    line = empty ? line + word : `${line} ${word}`;
    used += empty ? size : 1 + size;
    empty = false;
  };
  const breakLine = () => {
    lines.push(line);
    line = rest;
    used = restWidth;
    empty = true;
  };
  for (const word of words) {
    const size = displayWidth(word);
    if (!empty && used + 1 + size > width) breakLine();
    if (used + size <= width || restWidth >= width) {
      place(word, size);
      continue;
    }
    for (const piece of pieces(word, width - used, width - restWidth)) {
      if (!empty) breakLine();
      place(piece, displayWidth(piece));
    }
  }
  if (!empty) lines.push(line);
  return lines.map((l) => (displayWidth(l) > width ? truncate(l, width) : l));
}

/** A word cut into pieces: the first at most `first` columns wide, the others at most `rest`. */
function pieces(word: string, first: number, rest: number): string[] {
  const out: string[] = [];
  let piece = '';
  let used = 0;
  let room = Math.max(1, first);
  for (const token of tokens(word)) {
    const size = token.code ? 0 : displayWidth(token.text);
    if (used + size > room && piece) {
      out.push(piece);
      piece = '';
      used = 0;
      room = Math.max(1, rest);
    }
    piece += token.text;
    used += size;
  }
  if (piece) out.push(piece);
  return out;
}
