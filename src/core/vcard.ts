// vCard (RFC 6350, and the 2.1/3.0 files address books still export): the fields crm keeps of a contact.
// The file is read as bytes: a vCard 2.1 value may name its own CHARSET (an Outlook card in Windows-1252 beside
// UTF-8 ones), so a value is decoded only once its property and parameters are known, and only the values crm
// keeps are decoded at all (a broken PHOTO or a second ORG does not stop an import).
import { InputError } from './errors.js';
import { encodingNamed, strictDecoder } from './text-encoding.js';

export interface VCardContact {
  /** the card's position in the file, 1-based, for messages (a nested AGENT card is not counted) */
  index: number;
  name: string | null;
  email: string | null;
  organisation: string | null;
  note: string | null;
  /** CATEGORIES, each once, as written (the importer normalises them as tags) */
  categories: string[];
}

interface Property {
  /** upper case, without its group (`item1.EMAIL`, `work.EMAIL` -> EMAIL) */
  name: string;
  params: { name: string; value: string }[];
  /** as in the file: escaped, maybe QUOTED-PRINTABLE, maybe bytes of a CHARSET (see Source) */
  value: string;
  /** the line it starts on, for messages */
  line: number;
}

/**
 * The file as text: `bytes` is true when each character is one byte of the file (values are decoded later,
 * in their CHARSET or the file's encoding), false when the text is already decoded (a string, or UTF-16).
 */
interface Source {
  text: string;
  bytes: boolean;
  /** the encoding of values that name no CHARSET */
  encoding: string;
  /** whether the user named it (--encoding): then no hint to name one */
  named: boolean;
}

/**
 * Splits a .vcf file into contacts. `input` is the file's bytes (or its text); `encoding` the one the user
 * named (--encoding), else UTF-8 (UTF-16 by its byte order mark). Folded lines are unfolded, QUOTED-PRINTABLE
 * soft line breaks joined, escapes (\n \, \; \\) undone; a nested vCard 2.1 AGENT card is skipped.
 */
export function parseVCards(input: string | Uint8Array, encoding?: string): VCardContact[] {
  const source = typeof input === 'string' ? { text: input, bytes: false, encoding: 'utf-8', named: false } : sourceOf(input, encoding);
  const contacts: VCardContact[] = [];
  let card: Property[] | null = null;
  let nested = 0;
  for (const line of contentLines(source.text)) {
    const upper = line.text.trim().toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      if (card) nested++;
      else card = [];
      continue;
    }
    if (upper === 'END:VCARD') {
      if (nested) nested--;
      else if (card) {
        contacts.push(contactOf(card, contacts.length + 1, source));
        card = null;
      }
      continue;
    }
    if (!card || nested) continue;
    const property = parseProperty(line.text, line.number);
    if (!property) continue;
    // vCard 2.1: "AGENT:BEGIN:VCARD" starts a nested card on the same line; its END:VCARD ends it.
    if (property.name === 'AGENT' && /^BEGIN:VCARD$/i.test(property.value.trim())) nested++;
    else card.push(property);
  }
  return contacts;
}

function sourceOf(bytes: Uint8Array, named: string | undefined): Source {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  const utf8 = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const marked = utf16 ?? (utf8 ? 'utf-8' : undefined);
  if (named !== undefined && marked !== undefined && marked !== named) {
    throw new InputError(`the file starts with a ${marked.toUpperCase()} byte order mark, but --encoding says ${named}: leave --encoding out`);
  }
  const encoding = named ?? marked ?? 'utf-8';
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    // Every character is two bytes or four: decoded whole; a CHARSET is then meaningless but for QUOTED-PRINTABLE.
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      throw new InputError(`the file holds bytes that are not valid ${encoding}`);
    }
    return { text, bytes: false, encoding: 'utf-8', named: named !== undefined };
  }
  return { text: byteString(utf8 ? bytes.subarray(3) : bytes), bytes: true, encoding, named: named !== undefined };
}

/** One character per byte (U+0000-U+00FF): every syntax character of a vCard is ASCII, so lines split alike. */
function byteString(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

/**
 * Logical lines: a line break followed by a space or a tab continues the line (folding); a QUOTED-PRINTABLE
 * value ending in "=" goes on on the next line whatever that starts with (a soft line break, whose "=" and
 * line break are not part of the value), but END:VCARD.
 */
function contentLines(text: string): { text: string; number: number }[] {
  const lines: { text: string; number: number; quoted: boolean }[] = [];
  text.split(/\r\n|\r|\n/).forEach((physical, i) => {
    const last = lines.at(-1);
    // (END:VCARD after a value ending in "=" ends the card: the "=" was a soft line break to nothing.)
    if (last?.quoted && /=[ \t]*$/.test(last.text) && !/^END:VCARD\s*$/i.test(physical)) last.text = last.text.replace(/=[ \t]*$/, '') + physical;
    else if (last && (physical.startsWith(' ') || physical.startsWith('\t'))) last.text += physical.slice(1);
    else lines.push({ text: physical, number: i + 1, quoted: QUOTED_PRINTABLE.test(physical.slice(0, nameEnd(physical) + 1)) });
  });
  return lines;
}

/** The property part of a line ("NOTE;ENCODING=QUOTED-PRINTABLE:") says its value is quoted-printable. */
const QUOTED_PRINTABLE = /;(ENCODING=)?QUOTED-PRINTABLE[;:]/i;

/** Where the property name and parameters end: the first ":" outside a quoted parameter value. */
function nameEnd(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return i;
  }
  return -1;
}

function parseProperty(text: string, line: number): Property | null {
  const colon = nameEnd(text);
  if (colon < 0) return null;
  const [property = '', ...rawParams] = splitOutsideQuotes(text.slice(0, colon), ';');
  // Any group prefix: item1.EMAIL (Apple), work.EMAIL.
  const name = property.slice(property.lastIndexOf('.') + 1).trim().toUpperCase();
  const params = rawParams.map((raw) => {
    const equals = raw.indexOf('=');
    // vCard 2.1 allows a parameter value without its name: EMAIL;INTERNET;PREF, NOTE;QUOTED-PRINTABLE.
    if (equals < 0) return { name: bareParameter(raw.trim().toUpperCase()), value: raw.trim().toUpperCase() };
    return { name: raw.slice(0, equals).trim().toUpperCase(), value: raw.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1') };
  });
  return { name, params, value: text.slice(colon + 1), line };
}

function bareParameter(value: string): string {
  if (value === 'QUOTED-PRINTABLE' || value === 'BASE64' || value === '8BIT' || value === '7BIT') return 'ENCODING';
  return value === 'PREF' ? 'PREF' : 'TYPE';
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let part = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(part);
      part = '';
    } else part += char;
  }
  parts.push(part);
  return parts;
}

function contactOf(card: Property[], index: number, source: Source): VCardContact {
  const text = (property: Property) => tidy(unescape(decodeValue(property, index, source)));
  const first = (name: string, read: (p: Property) => string | null): string | null => {
    for (const property of preferred(card, name)) {
      const value = read(property);
      if (value) return value;
    }
    return null;
  };
  const name = first('FN', text) ?? first('N', (p) => structuredName(decodeValue(p, index, source)));
  const categories = card
    .filter((p) => p.name === 'CATEGORIES')
    .flatMap((p) => splitEscaped(decodeValue(p, index, source), ','))
    .map((c) => tidy(unescape(c)))
    .filter((c): c is string => c !== null);
  return {
    index,
    name,
    email: first('EMAIL', text),
    // ORG is the organisation, then its units (ORG:Acme;Sales): the company is the organisation.
    organisation: first('ORG', (p) => tidy(unescape(splitEscaped(decodeValue(p, index, source), ';')[0] ?? ''))),
    note: first('NOTE', (p) => unescape(decodeValue(p, index, source)).replace(/\t/g, ' ').trim() || null),
    categories: [...new Set(categories)],
  };
}

/**
 * The properties of a name, the preferred first: the lowest PREF=n (4.0), then TYPE=pref or a bare PREF (2.1,
 * 3.0) as PREF=1; otherwise in the file's order (the first FN of several, as vobject and ez-vcard read it).
 */
function preferred(card: Property[], name: string): Property[] {
  const rank = (property: Property) => {
    let best = Infinity;
    for (const { name: param, value } of property.params) {
      if (param === 'PREF') best = Math.min(best, /^\d+$/.test(value) ? Number(value) : 1);
      else if (param === 'TYPE' && value.split(',').some((t) => t.trim().toLowerCase() === 'pref')) best = Math.min(best, 1);
    }
    return best;
  };
  // Array sort is stable: equal ranks keep the file's order.
  return card.filter((p) => p.name === name).sort((a, b) => rank(a) - rank(b));
}

/** A one-line text as the importer gets it: a tab (Outlook puts them in) is a space; null when empty. */
function tidy(text: string): string | null {
  return text.replace(/\t/g, ' ').trim() || null;
}

/** "Doe;Jane;;Dr.;" -> "Jane Doe" */
function structuredName(value: string): string | null {
  const [family = '', given = '', additional = ''] = splitEscaped(value, ';').map(unescape);
  const name = [given, additional, family].map((p) => p.replace(/\t/g, ' ').trim()).filter(Boolean).join(' ');
  return name || null;
}

/**
 * A value as text: QUOTED-PRINTABLE undone, then its bytes decoded in the CHARSET the property names, else in the
 * file's encoding. Bytes that are not valid there are refused, never replaced by U+FFFD.
 */
function decodeValue(property: Property, card: number, source: Source): string {
  const param = (name: string) => property.params.find((p) => p.name === name)?.value;
  const quoted = param('ENCODING')?.toUpperCase() === 'QUOTED-PRINTABLE';
  if (!quoted && !source.bytes) return property.value;
  const charset = param('CHARSET');
  const encoding = charset ? encodingNamed(charset, `card ${card}: CHARSET`) : source.encoding;
  const bytes = quoted ? quotedPrintableBytes(property.value, source.bytes) : Uint8Array.from(property.value, (c) => c.charCodeAt(0));
  try {
    return strictDecoder(encoding).decode(bytes);
  } catch {
    if (quoted) throw new InputError(`card ${card}: a QUOTED-PRINTABLE value holds bytes that are not valid ${encoding}`);
    const hint = charset || source.named ? '' : ': if the file is in another encoding, name it, e.g. --encoding windows-1252';
    throw new InputError(`card ${card} (line ${property.line}): ${property.name} holds bytes that are not valid ${encoding}${hint}`);
  }
}

/** "=XX" is a byte; a final "=" (a soft line break with nothing after it) is no part of the value. */
function quotedPrintableBytes(value: string, byteChars: boolean): Uint8Array {
  const bytes: number[] = [];
  const text = value.replace(/=[ \t]*$/, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (byteChars) bytes.push(text.charCodeAt(i));
    else {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      bytes.push(...new TextEncoder().encode(char));
      i += char.length - 1;
    }
  }
  return Uint8Array.from(bytes);
}

function splitEscaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\' && i + 1 < value.length) {
      part += value[i]! + value[i + 1]!;
      i++;
    } else if (value[i] === separator) {
      parts.push(part);
      part = '';
    } else part += value[i];
  }
  parts.push(part);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
