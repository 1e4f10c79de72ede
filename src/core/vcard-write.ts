// The one vCard writer: clients as vCard 4.0 (RFC 6350) or 3.0 (RFC 2426) cards, for `crm export --format vcf`
// and a client's own export. Text is escaped as both RFC define it (backslash, comma, semicolon, line breaks as
// \n) and control characters, which no vCard TEXT holds, are removed; lines end in CRLF and are folded at 75
// octets without cutting a character (the same content-line rules as iCalendar's: core/ics.ts).
import { escapeText, foldLine } from './ics.js';
import type { Instant } from './types.js';

export const VCARD_VERSIONS = ['4.0', '3.0'] as const;
export type VCardVersion = (typeof VCARD_VERSIONS)[number];

/** What a card says about a client. */
export interface ClientCard {
  /** the client's uid (32 hex digits): the card's UID, so a re-import into an address book updates the card */
  uid: string;
  name: string;
  email: string | null;
  company: string | null;
  note: string | null;
  tags: string[];
  /** when the client last changed: the card's REV */
  revised: Instant;
}

/** One card, its lines folded and ending in CRLF. */
export function vcardOf(card: ClientCard, version: VCardVersion = '4.0'): string {
  const name = personalName(card.name, card.company);
  // A semicolon separates the fields of N and ORG; elsewhere 3.0 escapes it and 4.0 leaves it (RFC 6350 section
  // 3.4 allows both, and some readers of 4.0, ical.js among them, keep the backslash).
  const text = (value: string) => (version === '3.0' ? escapeText(value) : value.split(';').map(escapeText).join(';'));
  const lines = [
    'BEGIN:VCARD',
    `VERSION:${version}`,
    'PRODID:-//crm//crm//EN',
    `UID:urn:uuid:${uuidForm(card.uid)}`,
    `FN:${text(card.name)}`,
    // N is required in 3.0; in both, a name crm cannot split (a company, "Dr. A. B. C. Ltd") has empty components.
    `N:${[name.family, name.given, name.additional, '', ''].map(escapeText).join(';')}`,
  ];
  if (card.email) lines.push(`EMAIL${version === '3.0' ? ';TYPE=INTERNET' : ''}:${text(card.email)}`);
  if (card.company) lines.push(`ORG:${escapeText(card.company)}`);
  if (card.note) lines.push(`NOTE:${text(card.note)}`);
  if (card.tags.length) lines.push(`CATEGORIES:${card.tags.map(text).join(',')}`);
  lines.push(`REV:${timestamp(card.revised, version)}`, 'END:VCARD');
  return lines.map(foldLine).join('');
}

/**
 * "Jane Doe" -> given Jane, family Doe; "Jane Q. Public" -> Jane, Q., Public. Only a name of two or three words of
 * letters that is not the company's is read as a person's: anything else ("Acme GmbH" as both) keeps N empty.
 */
function personalName(name: string, company: string | null): { family: string; given: string; additional: string } {
  const words = name.trim().split(/\s+/);
  const person = words.length >= 2 && words.length <= 3 && words.every((w) => /^\p{L}[\p{L}\p{M}'’.-]*$/u.test(w)) && name !== company;
  if (!person) return { family: '', given: '', additional: '' };
  return { given: words[0]!, additional: words.length === 3 ? words[1]! : '', family: words.at(-1)! };
}

/** 32 hex digits in the 8-4-4-4-12 form of a urn:uuid: (RFC 6350 section 6.7.6 recommends it). */
function uuidForm(uid: string): string {
  return /^[0-9a-f]{32}$/.test(uid) ? uid.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5') : escapeText(uid);
}

/** REV: 4.0 a basic-format timestamp (20261130T120000Z), 3.0 the ISO 8601 one its RFC shows (2026-11-30T12:00:00Z). */
function timestamp(at: Instant, version: VCardVersion): string {
  const iso = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return version === '3.0' ? iso : iso.replace(/[-:]/g, '');
}
