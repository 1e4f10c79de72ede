// Text for a terminal: what the book holds is shown, never obeyed. A name or a note may come from someone
// else's vCard or spreadsheet (or an older crm, or another tool writing the file), so every control character,
// escape sequence, bidi override and invisible format character in it is printed as a visible escape ("\x1b",
// "\x9b", "\u202e") instead of reaching the terminal, where it could clear the screen, retitle the window, hide
// the rest of the output (\x1b[8m), fake a line or reorder the text.
//
// Two places use it, and together no text can get past (README: "Hostile text"):
// - where a value from the book meets crm's own text: table cells, wrapped and cut lines (render/table.ts),
//   and each value a renderer puts in a line (visible), so a newline or a colour code in data is escaped while
//   crm's own line breaks and colours stay;
// - the one door every text goes out through (Context.out and Context.info, and cli.ts's error line): nothing
//   but crm's own colour codes (when colour is on) and line breaks passes it, whatever a renderer forgot.

/**
 * What is never printed raw: C0 controls, DEL, C1 controls (\p{Cc}); format characters (\p{Cf}: bidi
 * overrides and isolates, zero-width space, word joiner, BOM, soft hyphen, tag characters...); the Unicode
 * line and paragraph separators. One character class, so that a big JSON output is scanned quickly.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * Format characters kept as they are: the zero-width joiner and non-joiner, which emoji sequences and several
 * scripts need to render as written, and the tags of an emoji tag sequence (a subdivision flag: England's).
 */
function kept(text: string, char: string, offset: number): boolean {
  if (char === '\u200c' || char === '\u200d') return true;
  if (!isTag(char.codePointAt(0)!)) return false;
  let at = offset;
  while (at >= 2 && isTag(text.codePointAt(at - 2)!)) at -= 2;
  return at >= 2 && text.codePointAt(at - 2) === 0x1f3f4; // 🏴, the base of a tag sequence
}

function isTag(code: number): boolean {
  return code >= 0xe0020 && code <= 0xe007f;
}

/**
 * The text in runs: plain text, and each character `visible` would escape on its own, for a destination that
 * escapes those its own way (a shell's $'\xHH').
 */
export function splitUnseen(text: string): { text: string; unseen: boolean }[] {
  const parts: { text: string; unseen: boolean }[] = [];
  let plainFrom = 0;
  for (const match of text.matchAll(UNSAFE)) {
    if (kept(text, match[0], match.index)) continue;
    if (match.index > plainFrom) parts.push({ text: text.slice(plainFrom, match.index), unseen: false });
    parts.push({ text: match[0], unseen: true });
    plainFrom = match.index + match[0].length;
  }
  if (plainFrom < text.length) parts.push({ text: text.slice(plainFrom), unseen: false });
  return parts;
}

/** crm's own colour codes, exactly as style.ts's palette writes them: bold, dim, red, green, yellow, cyan and their resets. */
const OWN_COLOUR = /^\x1b\[(?:0|1|2|22|31|32|33|36|39)m/;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escape(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

/** A value from the book (or the user's input) made visible: every character that would act rather than show is escaped, line breaks too. */
export function visible(value: string): string {
  return value.replace(UNSAFE, (char: string, offset: number) => (kept(value, char, offset) ? char : escape(char)));
}

/**
 * The door: text on its way to stdout or stderr. Line breaks stay (crm's own: values were made visible where
 * they met crm's text); an escape sequence stays only when it is one of crm's own colour codes and colour is
 * on. Everything else a renderer might have let through is escaped here.
 */
export function forTerminal(text: string, options: { colour: boolean; lineBreaks: boolean }): string {
  return text.replace(UNSAFE, (char: string, offset: number) => {
    if (char === '\n' && options.lineBreaks) return char;
    if (char === '\x1b' && options.colour && OWN_COLOUR.test(text.slice(offset, offset + 6))) return char;
    return kept(text, char, offset) ? char : escape(char);
  });
}

/** A message for a person (a notice on stderr, an error, a question): one line, no colour, nothing raw. */
export function messageLine(text: string): string {
  return forTerminal(text, { colour: false, lineBreaks: false });
}

/**
 * JSON text with each of those characters written as a \u escape: the same value for any parser, nothing that
 * acts on a screen when the JSON is printed to one (JSON.stringify escapes C0 controls, but not C1 or bidi).
 */
export function escapeJson(json: string): string {
  return json.replace(UNSAFE, (char: string, offset: number) => {
    // JSON.stringify writes no raw C0 inside a string: a line break here is its own indentation.
    if (char < ' ' || kept(json, char, offset)) return char;
    let units = '';
    for (let i = 0; i < char.length; i++) units += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return units;
  });
}
