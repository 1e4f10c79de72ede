// One validator per field of the book. A command checks what the user typed with these; a spreadsheet or
// address-book import checks each cell with them; a whole-book import and a restore check every stored row
// with `checkStoredRow`, built from the same validators. Whatever a user could not type through a command
// cannot enter through a file.
import { INSTANT_RANGE, addDays, isLocalDate, parseDurationHours, parseLocalDate } from './dates.js';
import { InputError } from './errors.js';
import { nameKey } from './match.js';
import type { BookTable } from './tables.js';
import { parseAmount, parseCurrency } from './money.js';
import { isSettingKey, parseSettingValue } from './settings.js';
import { BOOK_RECORD_KEYS, isBookRecordKey, type BookRecordKey, type LastBackup } from './book-records.js';
import {
  APPRECIATION_FROM_CLIENT, APPRECIATION_TO_CLIENT, BID_KINDS, CHANNELS, CLIENT_STATUSES, HORSEMEN, NEED_KINDS, TOPIC_STATUSES,
  VOICE_OUTCOMES, type LocalDate,
} from './types.js';

// --- text ---

/**
 * Refused in every text: C0 controls (tab and line breaks included), DEL and C1 controls (U+0080-U+009F: a
 * terminal acts on ESC, CSI U+009B, OSC U+009D), the line and paragraph separators, the bidirectional
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder what is shown ("Trojan
 * Source"), and unpaired surrogates (checked apart).
 */
const REFUSED_EVERYWHERE = '\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
/**
 * Refused in a one-line text besides: the invisible characters that have no use inside a name, so two names that
 * look the same are the same (ZERO WIDTH SPACE, WORD JOINER and the invisible operators U+2060-U+2064, ZERO WIDTH
 * NO-BREAK SPACE (a stray byte order mark), MONGOLIAN VOWEL SEPARATOR). The zero width joiner and non-joiner
 * (U+200D, U+200C) stay: emoji sequences (👩‍💻) and scripts such as Persian and the Indic ones need them to write a
 * name correctly; so do the left-to-right and right-to-left marks (U+200E, U+200F, U+061C), which only set the
 * direction of the characters beside them in mixed-script names, unlike overrides.
 */
const REFUSED_IN_ONE_LINE = '\\u200b\\u2060-\\u2064\\ufeff\\u180e';
// Plain character classes, without the u flag: every book row is checked on restore, and these are fast.
const ONE_LINE_REFUSED = new RegExp(`[${REFUSED_EVERYWHERE}${REFUSED_IN_ONE_LINE}]`);
/** Multi-line texts (notes, summaries) keep line feeds, and nothing else of the above. */
const MULTI_LINE_REFUSED = new RegExp(`[${REFUSED_EVERYWHERE.replace('\\x00-\\x1f', '\\x00-\\x09\\x0b-\\x1f')}]`);
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first refused character of a text, or null. */
function refusedCharacter(text: string, multiLine: boolean): { character: string; index: number } | null {
  const found = (multiLine ? MULTI_LINE_REFUSED : ONE_LINE_REFUSED).exec(text) ?? (SURROGATE.test(text) ? LONE_SURROGATE.exec(text) : null);
  return found && { character: found[0], index: found.index };
}

const CHARACTER_NAMES: Record<number, string> = {
  0x00: 'NUL', 0x09: 'a tab', 0x0a: 'a line break', 0x0d: 'a carriage return', 0x1b: 'ESC', 0x7f: 'DEL',
  0x9b: 'CSI', 0x9d: 'OSC', 0x200b: 'ZERO WIDTH SPACE', 0x2028: 'LINE SEPARATOR', 0x2029: 'PARAGRAPH SEPARATOR',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** A refused character, named without printing it: `U+001B (ESC)`. */
function describeCharacter(character: string): string {
  const code = character.codePointAt(0)!;
  const name = CHARACTER_NAMES[code];
  const kind = code < 0x20 || (code >= 0x7f && code < 0xa0) ? 'a control character' : code >= 0xd800 && code <= 0xdfff ? 'a broken character (half a surrogate pair)' : 'an invisible formatting character';
  return `${kind} (U+${code.toString(16).toUpperCase().padStart(4, '0')}${name ? ` ${name}` : ''})`;
}

/** A value quoted for an error message, or left out when it holds a character a terminal could act on. */
export function shown(value: string): string {
  return refusedCharacter(value, false) || value.length > 80 ? 'the value' : `"${value}"`;
}

export interface TextRule {
  /** what the error calls it when the caller names nothing else */
  label: string;
  max: number;
  multiLine: boolean;
}

/**
 * Every text field of the book. One-line texts are names and labels shown in a table cell, a completion, a
 * calendar line; multi-line texts are notes, where a line break is part of what the user wrote.
 */
export const TEXT_RULES = {
  clientName: { label: 'client name', max: 200, multiLine: false },
  company: { label: 'company', max: 200, multiLine: false },
  email: { label: 'email', max: 320, multiLine: false },
  tag: { label: 'tag', max: 60, multiLine: false },
  invoiceNumber: { label: 'invoice number', max: 64, multiLine: false },
  topic: { label: 'conflict topic', max: 200, multiLine: false },
  bid: { label: 'bid', max: 2000, multiLine: false },
  need: { label: 'need', max: 2000, multiLine: true },
  voice: { label: 'need of yours', max: 2000, multiLine: true },
  // `crm log -m SUMMARY --follow-up` promises "Follow up: SUMMARY"
  followUp: { label: 'follow-up text', max: 10_100, multiLine: true },
  summary: { label: 'summary', max: 10_000, multiLine: true },
  note: { label: 'note', max: 10_000, multiLine: true },
  endReason: { label: 'reason', max: 10_000, multiLine: true },
  // written by crm remind snooze|done, from a reminder's key and data (an invoice number and its balance...)
  reminderKey: { label: 'reminder key', max: 200, multiLine: false },
  fingerprint: { label: 'reminder fingerprint', max: 400, multiLine: false },
} as const satisfies Record<string, TextRule>;
export type TextField = keyof typeof TEXT_RULES;

/**
 * A text typed or imported for `field`: trimmed (a multi-line one with CRLF and CR made LF), not empty, not longer
 * than its limit, with no character that could act on a terminal or hide what is shown. `what` names it in the
 * error (`--bid`, `column name`).
 */
export function parseText(field: TextField, text: string, what: string = TEXT_RULES[field].label): string {
  const rule: TextRule = TEXT_RULES[field];
  const trimmed = (rule.multiLine && text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).trim();
  if (!trimmed) throw new InputError(`${what} is empty`);
  const refused = refusedCharacter(trimmed, rule.multiLine);
  if (refused) {
    const where = [...trimmed.slice(0, refused.index)].length + 1;
    const advice = rule.multiLine ? 'line breaks are kept, other control characters are not' : 'it must be one line of plain text';
    throw new InputError(`${what} contains ${describeCharacter(refused.character)} at character ${where}: ${advice}`);
  }
  if (trimmed.length > rule.max) throw new InputError(`${what} is longer than ${rule.max} characters`);
  return trimmed;
}

/** A client's name: one line, and not only digits (that would read as an id). */
export function parseClientName(text: string, what: string = TEXT_RULES.clientName.label): string {
  const name = parseText('clientName', text, what);
  if (/^#?\d+$/.test(name)) throw new InputError(`${what} ${shown(text)} is only digits: that reads as an id; add a word`);
  return name;
}

export function parseEmail(text: string, what: string = TEXT_RULES.email.label): string {
  const trimmed = parseText('email', text, what);
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) throw new InputError(`${what} ${shown(text)} is not an address such as ana@example.com`);
  return trimmed;
}

/** One tag as the book keeps it: lower case, no comma (commas separate tags). */
export function parseTag(text: string, what: string = TEXT_RULES.tag.label): string {
  if (text.includes(',')) throw new InputError(`${what} ${shown(text)} contains a comma, which separates tags`);
  return parseText('tag', text, what).toLowerCase();
}

/** Tags as typed (`--tag a --tag b,c`, a spreadsheet's "a, b"): split on commas, lower-cased, each once. */
export function parseTags(values: string[], what: string = TEXT_RULES.tag.label): string[] {
  const tags = values.flatMap((v) => v.split(',')).filter((t) => t.trim() !== '').map((t) => parseTag(t, what));
  return [...new Set(tags)];
}

// --- choices, numbers, ids ---

export function parseChoice<T extends string>(text: string, choices: readonly T[], what: string): T {
  const value = text.trim().toLowerCase();
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${what} ${shown(text)} is not one of: ${choices.join(', ')}`);
}

/** The id of a row (a bid, a follow-up, a need of yours): a whole number from 1, "#12" too. */
export function parseId(text: string, what: string): number {
  const trimmed = text.trim().replace(/^#/, '');
  if (!/^\d{1,15}$/.test(trimmed) || Number(trimmed) === 0) throw new InputError(`${what} ${shown(text)} is not an id such as 12`);
  return Number(trimmed);
}

/** How many rows a list shows (`--limit`): a whole number; 0 means all of them (undefined). */
export function parseLimit(text: string, what: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) throw new InputError(`${what} ${shown(text)} is not a number of rows such as 20 (0 for all)`);
  const limit = Number(trimmed);
  return limit === 0 ? undefined : limit;
}

export const TONES = { min: -2, max: 2 } as const;

export function parseTone(text: string, what: string): number {
  if (!/^[+-]?[0-2]$/.test(text.trim())) throw new InputError(`${what} ${shown(text)} must be a whole number from -2 to 2`);
  return Number(text.trim());
}

/** The longest duration crm takes (a cadence, a reply window, a snooze), as parseDurationHours enforces. */
export const MAX_DURATION_HOURS = 100 * 365 * 24;
export const MIN_CADENCE_HOURS = 24;

/** How often to be in touch: days by default (`30`, `2w`), at least a day. */
export function parseCadenceHours(text: string, what: string): number {
  const hours = parseDurationHours(text, 'd', what);
  if (hours < MIN_CADENCE_HOURS) throw new InputError(`${what} ${shown(text)} is less than a day`);
  return hours;
}

/** How fast the client expects an answer: hours by default (`24`, `12h`, `2d`). */
export function parseReplyWithinHours(text: string, what: string): number {
  return parseDurationHours(text, 'h', what);
}

/**
 * When a relationship began (`--since`, a sheet's since): a date, not after today. A client whose work has not
 * begun is added the day it does: until then crm would count a cadence and bids from a day that has not come.
 */
export function parseSince(text: string, today: LocalDate, what: string): LocalDate {
  const since = parseLocalDate(text, what);
  if (since > today) throw new InputError(`${what} ${since} is in the future: add the client once the relationship has begun (or give the day it began)`);
  return since;
}

export { INSTANT_RANGE, parseAmount, parseCurrency, parseLocalDate };

// --- rules across fields: a command, an import and a stored row say them alike ---

/**
 * A relationship ends on or after the day it began. `moved` is the date the user gave: the end (`--on`) or the
 * start (`--since` of an ended client); `what` names it.
 */
export function checkRelationshipDates(since: LocalDate, endedOn: LocalDate, what: string, moved: 'start' | 'end'): void {
  if (endedOn >= since) return;
  throw new InputError(moved === 'end' ? `${what} ${endedOn} is before the relationship began (${since})` : `${what} ${since} is after the relationship ended (${endedOn})`);
}

/**
 * A follow-up falls due on or after the day it was promised (`promised`: today, or the day of the interaction that
 * made the promise): a date before it is a slip of the keyboard far more often than a promise already broken.
 */
export function checkFollowUpDue(due: LocalDate, promised: LocalDate, what: string, promisedWhat: string, hint = ''): void {
  if (due < promised) throw new InputError(`${what} ${due} is before ${promisedWhat} (${promised}): a follow-up is a promise still to keep${hint}`);
}

/** An invoice falls due on or after its issue; `issuedWhat` names the issue date (`--issued`, the issue date). */
export function checkDueDate(issued: LocalDate, due: LocalDate, what: string, issuedWhat = 'the issue date'): void {
  if (due < issued) throw new InputError(`${what} ${due} is before ${issuedWhat} ${issued}`);
}

/** The day an invoice issued on `issued` falls due after `days` of terms (`what` names them): a date crm keeps. */
export function dueAfterTerms(issued: LocalDate, days: number, what: string): LocalDate {
  const due = addDays(issued, Math.round(days));
  if (!isLocalDate(due)) throw new InputError(`${what}: ${Math.round(days)} days after ${issued} is past 9999-12-31, the last date crm keeps`);
  return due;
}

/** A payment comes on or after the day its invoice was issued. */
export function checkPaymentDate(issued: LocalDate, paidOn: LocalDate, what: string): void {
  if (paidOn < issued) throw new InputError(`${what} ${paidOn} is before the invoice was issued (${issued})`);
}

// --- instants ---

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO 8601 instant with its offset (`2026-03-15T09:30:00.000Z`, `...+01:00`), as exports write them. */
export function parseIsoInstant(text: string, what: string): number {
  const m = ISO_INSTANT.exec(text.trim());
  const valid = m !== null && isLocalDate(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4] ?? 0) < 60;
  const at = valid ? Date.parse(text.trim()) : Number.NaN;
  if (!Number.isFinite(at)) throw new InputError(`${what} ${shown(text)} is not an ISO instant such as 2026-03-15T09:00:00.000Z`);
  checkInstant(at, what);
  return at;
}

export function checkInstant(at: number, what: string): void {
  if (!Number.isSafeInteger(at) || at < INSTANT_RANGE.min || at > INSTANT_RANGE.max) {
    throw new InputError(`${what} ${at} is not an instant between 1900 and 9999`);
  }
}

// --- what a book records about itself (core/book-records.ts) ---

/** A record's stored value (parsed JSON) as crm writes it: `book.created` an ISO instant, `book.lastBackup` an object. */
export function parseBookRecord(key: BookRecordKey, value: unknown): number | LastBackup {
  if (key === BOOK_RECORD_KEYS.created) {
    if (typeof value !== 'string') throw new InputError(`${key} must be an ISO instant, not ${typeName(value)}`);
    return parseIsoInstant(value, key);
  }
  const record = value as Record<string, unknown> | null;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new InputError(`${key} must be an object {at, path, clients}`);
  const keys = Object.keys(record).sort().join(',');
  if (keys !== 'at,clients,path') throw new InputError(`${key} must have exactly the keys at, path and clients, not ${shown(keys)}`);
  const { at, path, clients } = record;
  if (typeof at !== 'string') throw new InputError(`${key}.at must be an ISO instant, not ${typeName(at)}`);
  if (typeof path !== 'string' || path === '' || path.includes('\0') || path.length > 4096) {
    throw new InputError(`${key}.path must be a file path, not ${typeName(path)}`);
  }
  if (typeof clients !== 'number' || !Number.isSafeInteger(clients) || clients < 0) {
    throw new InputError(`${key}.clients must be a count, not ${typeName(clients)}`);
  }
  return { at: parseIsoInstant(at, `${key}.at`), path, clients };
}

// --- rows as the book stores them ---

export { BOOK_TABLES, type BookTable } from './tables.js';
export type StoredRow = Record<string, unknown>;

/** A stored row refused: the column (camelCase) and why. */
export class FieldError extends InputError {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Checks one stored value of the column `what`; throws an InputError saying why it is refused. */
type Check = (value: unknown, what: string) => void;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'string') return `the text ${shown(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value;
}

/** A stored text must be exactly what the field's validator makes of it: no spaces around, tags in lower case... */
const stored = (parse: (text: string, what: string) => unknown): Check => (value, what) => {
  if (typeof value !== 'string') throw new InputError(`${what} must be a text, not ${typeName(value)}`);
  const parsed = parse(value, what);
  if (parsed !== value) throw new InputError(`${what} ${shown(value)} is not as crm keeps it: ${typeof parsed === 'string' ? shown(parsed) : String(parsed)}`);
};
const text = (field: TextField): Check => stored((t, what) => parseText(field, t, what));
const oneOf = (choices: readonly string[]): Check => stored((t, what) => parseChoice(t, choices, what));
const date: Check = stored((t, what) => parseLocalDate(t, what));

interface Range {
  min: number;
  max: number;
  integer: boolean;
}
const ID: Range = { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true };
const FLAG: Range = { min: 0, max: 1, integer: true };
const TONE: Range = { ...TONES, integer: true };
const HOURS: Range = { min: 0, max: MAX_DURATION_HOURS, integer: false };

function number(value: unknown, what: string, { min, max, integer }: Range): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) {
    throw new InputError(`${what} must be ${integer ? 'a whole number' : 'a number'}, not ${typeName(value)}`);
  }
  if (value < min || value > max) throw new InputError(`${what} ${value} is not between ${min} and ${max}`);
  return value;
}
const id: Check = (value, what) => void number(value, what, ID);
const flag: Check = (value, what) => void number(value, what, FLAG);
const instant: Check = (value, what) => {
  if (typeof value !== 'number') throw new InputError(`${what} must be an instant, not ${typeName(value)}`);
  checkInstant(value, what);
};
const amountMinor = id;
/** Hours of a cadence or a reply window: more than zero (a cadence at least a day), at most 100 years. */
const hours = (min: number): Check => (value, what) => {
  const h = number(value, what, HOURS);
  if (h <= 0) throw new InputError(`${what} must be more than zero`);
  if (h < min) throw new InputError(`${what} ${h} is less than a day`);
};
const horsemen: Check = stored((t) => {
  const named = t === '' ? [] : t.split(',');
  for (const h of named) if (!(HORSEMEN as readonly string[]).includes(h)) throw new InputError(`${shown(h)} is not one of: ${HORSEMEN.join(', ')}`);
  return HORSEMEN.filter((h) => named.includes(h)).join(',');
});
const reminderKey: Check = stored((t, what) => {
  const key = parseText('reminderKey', t, what);
  if (!/^[a-z-]+:\S/.test(key)) throw new InputError(`${shown(t)} is not a reminder key such as invoice-overdue:INV-7`);
  return key;
});

/** A row's stable identity (schema 3): 128 bits as 32 lower-case hex digits. Left out of a dump, it is made anew. */
const uid: Check = (value, what) => {
  if (typeof value !== 'string' || !/^[0-9a-f]{32}$/.test(value)) {
    throw new InputError(`${what} must be 32 lower-case hex digits, not ${typeName(value)}`);
  }
};

interface Column {
  check: Check;
  nullable?: boolean;
}
const req = (check: Check): Column => ({ check });
const opt = (check: Check): Column => ({ check, nullable: true });

interface TableRules {
  columns: Record<string, Column>;
  /** rules across the row's columns, once each column is valid */
  row?: (row: StoredRow) => void;
}

/** A row's cross-column rule broken: named by the column a user would change. */
function refuse(field: string, message: string): never {
  throw new FieldError(field, message);
}

/** Runs a rule across fields; its error is the field's. */
function asField(field: string, rule: () => void): void {
  try {
    rule();
  } catch (error) {
    if (error instanceof InputError) refuse(field, error.message);
    throw error;
  }
}

/** Derived columns (a name's comparison key) are only present in a book, never in an export. */
function checkKey(row: StoredRow, keyColumn: string, from: string): void {
  if (row[keyColumn] !== null && row[keyColumn] !== nameKey(row[from] as string)) {
    refuse(keyColumn, `does not match ${from} ${shown(row[from] as string)}: the book was changed outside crm`);
  }
}

export const BOOK_ROWS: Record<BookTable, TableRules> = {
  setting: {
    columns: { key: req(stored((t) => t)), value: req(stored((t) => t)) },
    row: (row) => {
      const key = row.key as string;
      if (!isSettingKey(key) && !isBookRecordKey(key)) refuse('key', `unknown setting ${shown(key)}`);
      let value: unknown;
      try {
        value = JSON.parse(row.value as string);
      } catch {
        refuse('value', `${shown(row.value as string)} is not a JSON value`);
      }
      if (isBookRecordKey(key)) {
        asField('value', () => parseBookRecord(key, value));
        return;
      }
      try {
        const parsed = parseSettingValue(key, typeof value === 'string' || typeof value === 'number' ? String(value) : '');
        if (parsed !== value) refuse('value', `${shown(String(value))} is not as crm keeps it: ${JSON.stringify(parsed)}`);
      } catch (error) {
        if (error instanceof FieldError) throw error;
        refuse('value', (error as Error).message);
      }
    },
  },
  client: {
    columns: {
      id: opt(id),
      uid: opt(uid),
      name: req(stored(parseClientName)),
      nameKey: opt(stored((t) => t)),
      email: opt(stored(parseEmail)),
      company: opt(text('company')),
      status: req(oneOf(CLIENT_STATUSES)),
      since: req(date),
      endedOn: opt(date),
      endReason: opt(text('endReason')),
      cadenceHours: req(hours(MIN_CADENCE_HOURS)),
      replyWithinHours: req(hours(0)),
      note: opt(text('note')),
      createdAt: req(instant),
      // null in a book from before schema 2 until it is filled from the client's rows
      trackedFrom: opt(instant),
      lastContact: opt(date),
    },
    row: (row) => {
      checkKey(row, 'nameKey', 'name');
      if ((row.status === 'ended') !== (row.endedOn !== null)) {
        refuse('endedOn', row.status === 'ended' ? 'an ended client needs the day it ended' : `a client ${row.status as string} has no end date`);
      }
      if (row.endReason !== null && row.status !== 'ended') refuse('endReason', `a client ${row.status as string} has no end reason`);
      if (row.endedOn !== null) asField('endedOn', () => checkRelationshipDates(row.since as string, row.endedOn as string, 'endedOn', 'end'));
    },
  },
  client_tag: { columns: { clientId: req(id), tag: req(stored(parseTag)) } },
  interaction: {
    columns: {
      id: opt(id),
      uid: opt(uid),
      clientId: req(id),
      at: req(instant),
      channel: req(oneOf(CHANNELS)),
      fromClient: req(flag),
      tone: req((value, what) => void number(value, what, TONE)),
      summary: opt(text('summary')),
      horsemen: req(horsemen),
      repair: req(flag),
      feedback: req(flag),
    },
  },
  bid: {
    columns: {
      id: opt(id),
      uid: opt(uid),
      clientId: req(id),
      interactionId: opt(id),
      at: req(instant),
      text: req(text('bid')),
      kind: req(oneOf(BID_KINDS)),
      response: opt(oneOf(['toward', 'against'])),
      answeredAt: opt(instant),
      answerInteractionId: opt(id),
    },
    row: (row) => {
      if ((row.response === null) !== (row.answeredAt === null)) refuse('answeredAt', 'an answer needs both its response and when it was given');
      if (row.answeredAt !== null && (row.answeredAt as number) < (row.at as number)) refuse('answeredAt', 'the bid is answered before it was made');
      if (row.answerInteractionId !== null && row.response === null) refuse('answerInteractionId', 'an open bid has no answer');
    },
  },
  conflict_topic: {
    columns: {
      id: opt(id),
      uid: opt(uid),
      clientId: req(id),
      topic: req(text('topic')),
      topicKey: opt(stored((t) => t)),
      status: req(oneOf(TOPIC_STATUSES)),
      resolvedAt: opt(instant),
    },
    row: (row) => {
      checkKey(row, 'topicKey', 'topic');
      if (row.resolvedAt !== null && row.status !== 'resolved') refuse('resolvedAt', `a topic ${row.status as string} was not resolved`);
    },
  },
  conflict_event: { columns: { id: opt(id), uid: opt(uid), topicId: req(id), interactionId: opt(id), at: req(instant), repaired: req(flag) } },
  appreciation: {
    columns: {
      id: opt(id),
      uid: opt(uid),
      clientId: req(id),
      interactionId: opt(id),
      at: req(instant),
      direction: req(oneOf(['to-client', 'from-client'])),
      kind: req(oneOf([...new Set([...APPRECIATION_TO_CLIENT, ...APPRECIATION_FROM_CLIENT])])),
      note: opt(text('note')),
    },
    row: (row) => {
      const kinds: readonly string[] = row.direction === 'to-client' ? APPRECIATION_TO_CLIENT : APPRECIATION_FROM_CLIENT;
      if (!kinds.includes(row.kind as string)) refuse('kind', `${shown(row.kind as string)} is not an appreciation ${row.direction as string} (${kinds.join(', ')})`);
    },
  },
  need: { columns: { id: opt(id), uid: opt(uid), clientId: req(id), learnedAt: req(instant), text: req(text('need')), kind: req(oneOf(NEED_KINDS)) } },
  voice: {
    columns: {
      id: opt(id),
      uid: opt(uid),
      clientId: req(id),
      interactionId: opt(id),
      raisedAt: req(instant),
      text: req(text('voice')),
      outcome: req(oneOf(VOICE_OUTCOMES)),
      outcomeAt: opt(instant),
    },
    row: (row) => {
      if ((row.outcome === 'open') !== (row.outcomeAt === null)) refuse('outcomeAt', row.outcome === 'open' ? 'an open need has no outcome time' : 'an outcome needs its time');
      if (row.outcomeAt !== null && (row.outcomeAt as number) < (row.raisedAt as number)) refuse('outcomeAt', 'the outcome comes before the need was raised');
    },
  },
  invoice: {
    columns: {
      id: opt(id),
      uid: opt(uid),
      clientId: req(id),
      number: req(text('invoiceNumber')),
      numberKey: opt(stored((t) => t)),
      amountMinor: req(amountMinor),
      currency: req(stored((t) => parseCurrency(t))),
      issued: req(date),
      due: req(date),
      voidedAt: opt(instant),
      note: opt(text('note')),
    },
    row: (row) => {
      checkKey(row, 'numberKey', 'number');
      asField('due', () => checkDueDate(row.issued as string, row.due as string, 'due'));
    },
  },
  payment: { columns: { id: opt(id), uid: opt(uid), invoiceId: req(id), amountMinor: req(amountMinor), paidOn: req(date) } },
  follow_up: {
    columns: {
      id: opt(id),
      uid: opt(uid),
      clientId: req(id),
      interactionId: opt(id),
      due: req(date),
      text: req(text('followUp')),
      createdAt: req(instant),
      doneAt: opt(instant),
    },
  },
  reminder_state: {
    columns: { key: req(reminderKey), state: req(oneOf(['snoozed', 'done'])), until: opt(instant), fingerprint: req(text('fingerprint')) },
    row: (row) => {
      if ((row.state === 'snoozed') !== (row.until !== null)) refuse('until', row.state === 'snoozed' ? 'a snoozed reminder needs its end' : 'a done reminder has no end');
    },
  },
};

const COLUMNS = new Map<BookTable, [string, Column][]>();

/**
 * Checks a row as the book stores it (see BOOK_TABLES) against what crm's commands could have written: every
 * column, then the rules across them. Throws a FieldError naming the column. A key the table does not have is
 * refused; a column left out (a dump from before the column existed) must be nullable, and is set to null.
 */
export function checkStoredRow(table: BookTable, row: StoredRow): void {
  const rules = BOOK_ROWS[table];
  let columns = COLUMNS.get(table);
  if (!columns) COLUMNS.set(table, (columns = Object.entries(rules.columns)));
  for (const key in row) if (!Object.hasOwn(rules.columns, key)) refuse(key, `table ${table} has no column ${shown(key)}`);
  for (const [column, rule] of columns) {
    const value = row[column];
    if (value === null || value === undefined) {
      if (!rule.nullable) refuse(column, `${column} is missing`);
      row[column] = null;
      continue;
    }
    try {
      rule.check(value, column);
    } catch (error) {
      if (error instanceof InputError) refuse(column, error.message);
      throw error;
    }
  }
  rules.row?.(row);
}
