// Words for a shell: a value (a client's name, a path) quoted so that the shell reads it back exactly, and never
// runs anything in it. A name such as `Dq $(touch /tmp/pwned)` or `O'Brien; rm -rf ~; echo 'x` is data.
//
// Bash's completion needs the most care: readline inserts each candidate as it is, after whatever quote the user
// opened, so a candidate must be quoted for that context (nothing, '...', "..." or $'...'); crm reads the word as
// typed (COMP_WORDS keeps quotes and backslashes) and quotes the candidates itself. zsh's compadd and fish quote
// candidates themselves (commands/completion.ts); test/e2e/completion-shells.test.ts types them in the real shells.
import { splitUnseen, visible } from './terminal.js';

/** A word any POSIX shell (and fish) reads back as `text`: a path or a name in a command crm suggests. */
export { shellWord } from '../core/words.js';

/** Each UTF-8 byte of the character as \xHH, for bash's $'...'. */
function bytes(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
}

/** The quote a word being completed is inside of, as readline sees it. */
export type BashQuote = '' | "'" | '"' | "$'";

/** A word as typed on a bash command line (COMP_WORDS keeps the quoting). */
export interface BashWord {
  /** what bash would pass to crm (quotes removed; no expansion of $VAR, ~ or globs: nothing is run) */
  value: string;
  /** the quote still open at the end of the word, if any */
  open: BashQuote;
  /** `value` as far as the open quote: readline keeps this part and inserts the candidate after the quote */
  kept: string;
}

const ANSI_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Reads a word as bash would, without running or expanding anything. */
export function readBashWord(raw: string): BashWord {
  let value = '';
  let open: BashQuote = '';
  let kept = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    if (open === '') {
      if (char === '\\') {
        if (raw[i + 1] !== '\n' && i + 1 < raw.length) value += raw[i + 1];
        i++;
      } else if (char === "'" || char === '"') {
        kept = value;
        open = char;
      } else if (char === '$' && (raw[i + 1] === "'" || raw[i + 1] === '"')) {
        kept = value;
        open = raw[i + 1] === "'" ? "$'" : '"'; // $"..." is a double-quoted string (translated)
        i++;
      } else value += char;
    } else if (open === "'") {
      if (char === "'") open = '';
      else value += char;
    } else if (open === '"') {
      if (char === '"') open = '';
      else if (char === '\\' && '$`"\\\n'.includes(raw[i + 1] ?? '')) {
        if (raw[i + 1] !== '\n') value += raw[i + 1];
        i++;
      } else value += char;
    } else if (char === "'") open = '';
    else if (char === '\\' && i + 1 < raw.length) {
      const [decoded, length] = ansiEscape(raw, i + 1);
      value += decoded;
      i += length;
    } else value += char;
  }
  return { value, open, kept: open ? kept : '' };
}

/** One escape of $'...' starting after its backslash: what it stands for and how many characters it took. */
function ansiEscape(raw: string, at: number): [string, number] {
  const char = raw[at]!;
  const hex = (max: number) => /^[0-9A-Fa-f]+/.exec(raw.slice(at + 1, at + 1 + max))?.[0];
  if (char === 'x' && hex(2)) return [String.fromCharCode(parseInt(hex(2)!, 16)), 1 + hex(2)!.length];
  if ((char === 'u' || char === 'U') && hex(char === 'u' ? 4 : 8)) {
    const digits = hex(char === 'u' ? 4 : 8)!;
    const code = parseInt(digits, 16);
    return [code <= 0x10ffff ? String.fromCodePoint(code) : '', 1 + digits.length];
  }
  const octal = /^[0-7]{1,3}/.exec(raw.slice(at, at + 3))?.[0];
  if (octal) return [String.fromCharCode(parseInt(octal, 8) & 0xff), octal.length];
  if (char === 'c' && at + 1 < raw.length) return [String.fromCharCode(raw.charCodeAt(at + 1) & 0x1f), 2];
  return [ANSI_ESCAPES[char] ?? `\\${char}`, 1];
}

/**
 * What to hand readline (COMPREPLY) so that the word becomes exactly `candidate`, given the word as typed.
 * undefined when it cannot: the part before a quote opened mid-word is not where the candidate starts.
 */
export function bashCompletion(candidate: string, typed: BashWord): string | undefined {
  if (!typed.open) return bashEscape(candidate);
  if (!candidate.startsWith(typed.kept)) return undefined;
  const rest = candidate.slice(typed.kept.length);
  // Readline closes the quote after a single match, unless the text already ends with that quote character:
  // then the word would stay open (and swallow the rest of the line), so it is closed here.
  const close = typed.open === '"' ? '"' : "'";
  const text = typed.open === '"' ? inDoubleQuotes(rest) : typed.open === "'" ? inSingleQuotes(rest) : inAnsiQuotes(rest);
  return text.endsWith(close) ? text + close : text;
}

/**
 * Outside quotes: backslashes, or $'...' for a word with control or invisible characters. @ = : are escaped
 * too: readline ends a word at them (COMP_WORDBREAKS), so a name holding one would not complete further.
 */
function bashEscape(text: string): string {
  if (text === '') return "''";
  if (visible(text) !== text) return `$'${inAnsiQuotes(text)}'`;
  return text.replace(/[^A-Za-z0-9_%+,./\-\u0080-\u{10ffff}]/gu, (char) => `\\${char}`);
}

/**
 * The text quoted for one context: `plain` quotes a run of ordinary characters, `unseen` one character that
 * acts on a terminal (controls, DEL, C1, bidi and other format characters: render/terminal.ts), written as its
 * UTF-8 bytes (\xHH), so that neither the line editor nor a completion list shows it raw.
 */
function quoteRuns(text: string, plain: (run: string) => string, unseen: (hex: string) => string): string {
  return splitUnseen(text)
    .map((part) => (part.unseen ? unseen(bytes(part.text)) : plain(part.text)))
    .join('');
}

/** Inside "...": $ ` " \ escaped; ! (history expansion) and invisible characters from outside the quotes. */
function inDoubleQuotes(text: string): string {
  return quoteRuns(
    text,
    (run) => run.replace(/[$`"\\!]/g, (char) => (char === '!' ? `"'!'"` : `\\${char}`)),
    (hex) => `"$'${hex}'"`,
  );
}

/** Inside '...': nothing is special but the quote itself; invisible characters from $'...' outside. */
function inSingleQuotes(text: string): string {
  return quoteRuns(text, (run) => run.replaceAll("'", `'\\''`), (hex) => `'$'${hex}''`);
}

/** Inside $'...': backslash and quote escaped, invisible characters as bytes. */
function inAnsiQuotes(text: string): string {
  return quoteRuns(text, (run) => run.replace(/[\\']/g, (char) => `\\${char}`), (hex) => hex);
}
