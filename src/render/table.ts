// Plain-text tables that fit the terminal: columns padded to their widest cell, the flexible column cut.

export interface Column<T> {
  header: string;
  cell: (row: T) => string;
  align?: 'left' | 'right';
  /** gives way when the table is wider than the terminal (the widest flexible column first) */
  flexible?: boolean;
  /** decorates the padded cell (colour); must not change its visible width */
  style?: (text: string, row: T) => string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Visible width: ANSI codes take no room, wide (CJK, emoji) characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI, '')) {
    const code = char.codePointAt(0)!;
    if (code < 32 || (code >= 0x300 && code < 0x370)) continue;
    width += code >= 0x1100 && isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1faff) || (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Control characters become spaces; colour codes (ANSI SGR sequences) are kept. */
export function sanitize(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m|[\x00-\x1f\x7f]/g, (m) => (m.length > 1 ? m : ' '));
}

const TOKENS = /\x1b\[[0-9;]*m|[\s\S]/gu;

/** Cuts text to a visible width, ending with an ellipsis when cut; colour codes take no room and survive. */
export function truncate(text: string, width: number): string {
  const clean = sanitize(text);
  if (displayWidth(clean) <= width) return clean;
  let out = '';
  let used = 0;
  let styled = false;
  for (const token of clean.match(TOKENS) ?? []) {
    if (token.length > 1 && token.startsWith('\x1b[')) {
      out += token;
      styled = true;
      continue;
    }
    const w = displayWidth(token);
    if (used + w > width - 1) break;
    out += token;
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
  const cells = rows.map((row) => columns.map((c) => sanitize(c.cell(row))));
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
  const words = sanitize(text).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (!empty && displayWidth(candidate) > width) {
      lines.push(line);
      line = rest + word;
    } else line = candidate;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines.map((l) => (displayWidth(l) > width ? truncate(l, width) : l));
}
