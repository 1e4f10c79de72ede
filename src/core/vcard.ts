// vCard (RFC 6350, and the 2.1/3.0 files address books still export): the fields crm keeps of a contact.
import { InputError } from './errors.js';
import { encodingNamed } from './text-encoding.js';

export interface VCardContact {
  /** the card's position in the file, 1-based, for error messages */
  index: number;
  name: string | null;
  email: string | null;
  organisation: string | null;
  note: string | null;
}

/** Splits a .vcf text into contacts. Folded lines are unfolded; escapes (\n \, \; \\) are undone. */
export function parseVCards(text: string): VCardContact[] {
  // Unfolding: a line break followed by a space or tab continues the previous line.
  const lines: string[] = [];
  for (const line of text.replace(/\r\n|\r/g, '\n').replace(/\n[ \t]/g, '').split('\n')) {
    // A QUOTED-PRINTABLE value (vCard 2.1) ending in "=" goes on on the next line: a soft line break.
    const last = lines.at(-1);
    if (last !== undefined && last.endsWith('=') && QUOTED_PRINTABLE.test(last.slice(0, last.indexOf(':') + 1))) {
      lines[lines.length - 1] = `${last}\n${line}`;
    } else lines.push(line);
  }
  const contacts: VCardContact[] = [];
  let current: (VCardContact & { structured: string | null }) | null = null;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (!line) continue;
    const upper = line.toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      current = { index: contacts.length + 1, name: null, email: null, organisation: null, note: null, structured: null };
      continue;
    }
    if (upper === 'END:VCARD') {
      if (current) {
        const { structured, ...contact } = current;
        contacts.push({ ...contact, name: contact.name ?? structured });
      }
      current = null;
      continue;
    }
    if (!current) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const [property = '', ...params] = line.slice(0, colon).split(';');
    const name = property.replace(/^item\d+\./i, '').toUpperCase();
    const value = decodeValue(line.slice(colon + 1), params, current.index);
    if (name === 'FN' && value.trim()) current.name = unescape(value).trim();
    else if (name === 'N' && !current.structured) current.structured = structuredName(value);
    else if (name === 'EMAIL' && !current.email && value.trim()) current.email = unescape(value).trim();
    else if (name === 'ORG' && !current.organisation) current.organisation = splitEscaped(value, ';').map(unescape).filter(Boolean).join(', ') || null;
    else if (name === 'NOTE' && !current.note && value.trim()) current.note = unescape(value).trim();
  }
  return contacts;
}

/** "Doe;Jane;;Dr.;" -> "Jane Doe" */
function structuredName(value: string): string | null {
  const [family = '', given = '', additional = ''] = splitEscaped(value, ';').map(unescape);
  const name = [given, additional, family].map((p) => p.trim()).filter(Boolean).join(' ');
  return name || null;
}

/** The property part of a line ("NOTE;ENCODING=QUOTED-PRINTABLE:") says its value is quoted-printable. */
const QUOTED_PRINTABLE = /;(ENCODING=)?QUOTED-PRINTABLE[;:]/i;

/**
 * vCard 2.1 files may carry QUOTED-PRINTABLE values, in UTF-8 or in the CHARSET the property names
 * (CHARSET=ISO-8859-1); bytes that are not valid in it are refused, never replaced by U+FFFD.
 */
function decodeValue(value: string, params: string[], card: number): string {
  if (!params.some((p) => /^(ENCODING=)?QUOTED-PRINTABLE$/i.test(p))) return value;
  const charset = params.map((p) => /^CHARSET=(.+)$/i.exec(p)?.[1]).find(Boolean) ?? 'utf-8';
  const encoding = encodingNamed(charset, `card ${card}: CHARSET`);
  const bytes: number[] = [];
  const text = value.replace(/=\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...new TextEncoder().encode(text[i]!));
  }
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw new InputError(`card ${card}: a QUOTED-PRINTABLE value holds bytes that are not valid ${encoding}`);
  }
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
