// The bytes of an imported file as text. UTF-8 unless a byte order mark says UTF-8 or UTF-16 (LE or BE), or the
// user names the encoding (`--encoding windows-1252`: any label of the WHATWG Encoding Standard that Node's
// TextDecoder knows). Bytes that are not valid in the encoding are refused with the line they are on, never turned
// into U+FFFD: a Windows-1252 "Müller" read as UTF-8 must not become "M�ller" in the book.
import { InputError } from './errors.js';

const BYTE_ORDER_MARKS: { encoding: string; bytes: number[] }[] = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/** The encoding's canonical name (`latin1` -> `windows-1252`); an unknown name is an input error. */
export function encodingNamed(name: string, what = '--encoding'): string {
  let encoding: string;
  try {
    encoding = new TextDecoder(name.trim(), { fatal: true }).encoding;
  } catch {
    throw new InputError(`${what} "${name}" is not an encoding crm knows: use e.g. utf-8, windows-1252 (or latin1), iso-8859-15, utf-16le`);
  }
  return encoding;
}

/** What the bytes 0x80-0x9F are in windows-1252 (the WHATWG index; its five undefined bytes map to themselves). */
const WINDOWS_1252_HIGH = '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/**
 * A decoder that refuses invalid bytes. Node 20.18.3 and later decode windows-1252 (also named latin1, ascii,
 * iso-8859-1) as ISO-8859-1, giving the C1 controls U+0080-U+009F for 0x80-0x9F (nodejs/node#56542): an Excel
 * "€" or Outlook's "’" would come in as a control character. Those are put right here, in every Node alike.
 */
export function strictDecoder(encoding: string): { decode: (bytes: Uint8Array) => string } {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  if (decoder.encoding !== 'windows-1252') return decoder;
  return { decode: (bytes) => decoder.decode(bytes).replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!) };
}

/**
 * The first bytes of a file as text, only to recognise its format: in the encoding named, else by its byte
 * order mark, else UTF-8; bytes that are not valid become U+FFFD here (whoever reads the file names them).
 */
export function headText(bytes: Uint8Array, named?: string): string {
  const mark = BYTE_ORDER_MARKS.find((m) => m.bytes.every((b, i) => bytes[i] === b));
  return new TextDecoder(named ?? mark?.encoding ?? 'utf-8').decode(bytes);
}

/**
 * Decodes a stream of bytes line by line: `push` returns the text of the lines completed so far (each ending in
 * its line feed), `end` the rest. A line is only ever decoded whole, so an error names its line, and no character
 * is cut between two chunks. Lines are split at the byte 0x0A, which in every encoding TextDecoder knows except
 * UTF-16 is a line feed and nothing else, and in UTF-16 at the code unit 0x000A.
 */
export class LineDecoder {
  /** the encoding in use: the one named, else the byte order mark's, else utf-8 (known after the first bytes) */
  encoding: string | undefined;
  private decoder: { decode: (bytes: Uint8Array) => string } | undefined;
  private unit = 1;
  private bigEndian = false;
  /** bytes of the current line, not yet ended */
  private pending: Uint8Array[] = [];
  /** lines decoded so far */
  private lines = 0;
  private started = false;

  /** `encoding`: a name from encodingNamed, or undefined to recognise UTF-8 and UTF-16 by their byte order mark. */
  constructor(private named?: string) {}

  push(chunk: Uint8Array): string {
    let bytes = chunk;
    if (!this.started) {
      const head = concat([...this.pending, bytes]);
      // A byte order mark is up to 3 bytes: wait for them (or the end).
      if (head.length < 3) {
        this.pending = [head];
        return '';
      }
      this.pending = [];
      bytes = this.start(head);
    }
    if (this.unit === 2) {
      // UTF-16 is split only between code units: an odd byte waits for its pair.
      const carried = concat([...this.pending, bytes]);
      this.pending = [];
      const even = carried.length - (carried.length % 2);
      const cut = this.lastLineEnd(carried.subarray(0, even));
      if (cut < 0) {
        this.pending = [carried.slice()];
        return '';
      }
      this.pending = [carried.slice(cut)];
      return this.decode(carried.subarray(0, cut));
    }
    const cut = this.lastLineEnd(bytes);
    if (cut < 0) {
      this.pending.push(bytes.slice());
      return '';
    }
    const region = concat([...this.pending, bytes.subarray(0, cut)]);
    this.pending = cut < bytes.length ? [bytes.slice(cut)] : [];
    return this.decode(region);
  }

  end(): string {
    let rest = concat(this.pending);
    this.pending = [];
    if (!this.started) rest = this.start(rest);
    if (rest.length % this.unit !== 0) {
      throw new InputError(`line ${this.lines + 1}: the file ends in the middle of a ${this.encoding} character`);
    }
    return this.decode(rest);
  }

  /** Recognises a byte order mark (dropped: it is not text) and picks the decoder; returns the bytes after it. */
  private start(head: Uint8Array): Uint8Array {
    this.started = true;
    const mark = BYTE_ORDER_MARKS.find((m) => m.bytes.every((b, i) => head[i] === b));
    const encoding = this.named ?? mark?.encoding ?? 'utf-8';
    if (this.named !== undefined && mark && mark.encoding !== this.named) {
      throw new InputError(`the file starts with a ${mark.encoding.toUpperCase()} byte order mark, but --encoding says ${this.named}: leave --encoding out`);
    }
    this.encoding = encoding;
    // ignoreBOM: each line is decoded on its own, and a U+FEFF starting a line is text, not a mark to drop.
    this.decoder = strictDecoder(encoding);
    this.unit = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
    this.bigEndian = encoding === 'utf-16be';
    return mark && mark.encoding === encoding ? head.subarray(mark.bytes.length) : head;
  }

  /** The index just after the last line feed in bytes, or -1. */
  private lastLineEnd(bytes: Uint8Array): number {
    if (this.unit === 1) {
      const at = bytes.lastIndexOf(0x0a);
      return at < 0 ? -1 : at + 1;
    }
    const [high, low] = this.bigEndian ? [1, 0] : [0, 1];
    for (let i = bytes.length - 2; i >= 0; i -= 2) {
      if (bytes[i + high] === 0x0a && bytes[i + low] === 0x00) return i + 2;
    }
    return -1;
  }

  /** Decodes whole lines; on invalid bytes, finds the line and the byte to name them. */
  private decode(region: Uint8Array): string {
    let text: string;
    try {
      text = this.decoder!.decode(region);
    } catch {
      throw this.invalid(region);
    }
    const nul = text.indexOf('\0');
    if (nul >= 0) throw this.nul(this.lines + countLineFeeds(text.slice(0, nul)) + 1);
    this.lines += countLineFeeds(text);
    return text;
  }

  /** A NUL is in no text file; in a file read as UTF-8 it is most likely UTF-16 without its byte order mark. */
  private nul(line: number): InputError {
    const hint = this.unit === 1 ? ': is it UTF-16 without a byte order mark? Name it with --encoding utf-16le (or utf-16be)' : '';
    return new InputError(`line ${line}: a NUL character, which no text holds${hint}`);
  }

  private invalid(region: Uint8Array): InputError {
    let line = this.lines + 1;
    let start = 0;
    for (;;) {
      const end = this.lineEnd(region, start);
      const bytes = region.subarray(start, end);
      try {
        if (this.decoder!.decode(bytes).includes('\0')) return this.nul(line);
      } catch {
        const at = this.firstInvalidByte(bytes);
        const shown = Array.from(bytes.subarray(at, at + this.unit), (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
        const hint = this.named === undefined ? ': if the file is in another encoding, name it, e.g. --encoding windows-1252' : '';
        return new InputError(`line ${line}: bytes that are not valid ${this.encoding} (${shown} at byte ${at + 1} of the line)${hint}`);
      }
      if (end >= region.length) return new InputError(`line ${line}: bytes that are not valid ${this.encoding}`);
      start = end;
      line++;
    }
  }

  private lineEnd(region: Uint8Array, start: number): number {
    if (this.unit === 1) {
      const at = region.indexOf(0x0a, start);
      return at < 0 ? region.length : at + 1;
    }
    const [high, low] = this.bigEndian ? [1, 0] : [0, 1];
    for (let i = start; i + 1 < region.length; i += 2) if (region[i + high] === 0x0a && region[i + low] === 0x00) return i + 2;
    return region.length;
  }

  /** Where the first invalid sequence of a line starts: just after its longest prefix that decodes. */
  private firstInvalidByte(line: Uint8Array): number {
    const decodes = (length: number, stream: boolean) => {
      try {
        new TextDecoder(this.encoding, { fatal: true, ignoreBOM: true }).decode(line.subarray(0, length), { stream });
        return true;
      } catch {
        return false;
      }
    };
    // A streaming decode of a prefix fails only once a whole invalid sequence is in it: the shortest such prefix
    // ends the sequence, which starts after the longest prefix before it that decodes completely.
    let low = 0;
    let high = line.length;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (decodes(middle + 1, true)) low = middle + 1;
      else high = middle;
    }
    let start = low - (low % this.unit);
    while (start > 0 && !decodes(start, false)) start -= this.unit;
    return start;
  }
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
