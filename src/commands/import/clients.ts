// Importing clients (from a spreadsheet or an address book), matched to the book by name.
import { parseLastContact } from '../../core/dates.js';
import { InputError } from '../../core/errors.js';
import { nameKey } from '../../core/match.js';
import { CLIENT_STATUSES, type ClientStatus, type LocalDate, type Moment } from '../../core/types.js';
import {
  checkRelationshipDates, parseCadenceHours, parseChoice, parseClientName, parseEmail, parseLocalDate, parseReplyWithinHours, parseSince, parseTags,
  parseText,
} from '../../core/validate.js';
import { addClient, clientCandidates, editClient, endClient, getClient, type ClientPatch } from '../../store/clients.js';
import type { Db } from '../../store/open.js';
import { field } from './fields.js';

export const CLIENT_ALIASES = {
  name: ['full name', 'client', 'client name', 'display name', 'fn'],
  email: ['e-mail', 'mail', 'email address', 'e-mail address'],
  company: ['organisation', 'organization', 'org', 'company name'],
  tags: ['tag', 'labels', 'categories'],
  since: ['start', 'start date', 'client since'],
  cadence: ['cadence days', 'cadencedays'],
  replyWithin: ['reply within', 'reply within hours', 'replywithinhours'],
  note: ['notes', 'comment', 'comments'],
  status: [],
  endedOn: ['ended', 'end date'],
  endReason: ['end reason'],
  lastContact: ['last contact', 'last contacted'],
} as const;
/** Columns crm's own export writes that an import does not set: the book follows an imported client from now. */
export const CLIENT_IGNORED = ['id', 'createdAt', 'trackedFrom'] as const;

export type OnConflict = 'skip' | 'update' | 'fail';

/** What an import did with one record. */
export type Outcome = 'added' | 'updated' | 'skipped';

export interface Tally {
  added: number;
  updated: number;
  skipped: number;
}

export class ClientImporter {
  readonly tally: Tally = { added: 0, updated: 0, skipped: 0 };
  private seen = new Map<string, string>();

  constructor(private db: Db, private now: Moment, private onConflict: OnConflict) {}

  /** `where` names the record in errors: "row 12", "card 3". */
  import(record: Map<string, string>, where: string): Outcome {
    const nameText = record.get('name') ?? '';
    if (!nameText.trim()) throw new InputError(`${where}, column name: the name is empty`);
    const name = field(where, 'name', () => parseClientName(nameText, 'name'));
    const key = nameKey(name);
    // A name twice in one file is a client already in the book by the second time: --on-conflict says what to do.
    const earlier = this.seen.get(key);
    if (earlier && this.onConflict === 'fail') {
      throw new InputError(`${where}, column name: "${name}" is already in ${earlier} of this file; use --on-conflict skip or update`);
    }
    if (!earlier) this.seen.set(key, where);

    const patch = parseClientFields(record, where, this.now.today);
    const status = record.get('status')?.trim() ? field(where, 'status', () => parseChoice(record.get('status')!, CLIENT_STATUSES, 'status') as ClientStatus) : undefined;
    const endedOn = record.get('endedOn')?.trim() ? field(where, 'endedOn', () => parseLocalDate(record.get('endedOn')!, 'endedOn')) : undefined;
    const endReason = record.get('endReason')?.trim() ? field(where, 'endReason', () => parseText('endReason', record.get('endReason')!, 'endReason')) : null;

    const existingRef = clientCandidates(this.db, name).exact;
    const existing = existingRef && getClient(this.db, existingRef.id)!;
    if (existing && this.onConflict === 'fail') {
      throw new InputError(`${where}, column name: a client named "${existing.name}" is already in the book; use --on-conflict skip or update`);
    }
    if (existing && this.onConflict === 'skip') {
      this.tally.skipped++;
      return 'skipped';
    }
    // As crm client end and client edit: a relationship ends on or after its start (the file's, else the book's,
    // else today).
    const since = patch.since ?? existing?.since ?? this.now.today;
    const endsOn = endedOn ?? this.now.today;
    if (status === 'ended') field(where, 'endedOn', () => checkRelationshipDates(since, endsOn, 'endedOn', 'end'));
    else if (existing?.endedOn) {
      const ended = existing.endedOn;
      field(where, 'since', () => checkRelationshipDates(since, ended, 'since', 'start'));
    }
    if (existing) {
      editClient(this.db, existing.id, patch);
      if (status === 'ended') endClient(this.db, existing.id, endsOn, endReason);
      this.tally.updated++;
      return 'updated';
    }
    const client = addClient(this.db, { ...patch, name, since, createdAt: this.now.at });
    if (status === 'ended') endClient(this.db, client.id, endsOn, endReason);
    this.tally.added++;
    return 'added';
  }
}

/** The profile fields of a record; empty cells are left out (an update keeps what the book has). */
function parseClientFields(record: Map<string, string>, where: string, today: LocalDate): ClientPatch {
  const patch: ClientPatch = {};
  const cell = (name: string) => {
    const value = record.get(name);
    return value !== undefined && value.trim() !== '' ? value : undefined;
  };
  const email = cell('email');
  if (email) patch.email = field(where, 'email', () => parseEmail(email, 'email'));
  const company = cell('company');
  if (company) patch.company = field(where, 'company', () => parseText('company', company, 'company'));
  const tags = cell('tags');
  if (tags) patch.tags = field(where, 'tags', () => parseTags([tags], 'tag'));
  const since = cell('since');
  if (since) patch.since = field(where, 'since', () => parseSince(since, today, 'since'));
  const cadence = cell('cadence');
  if (cadence) {
    patch.cadenceHours = field(where, 'cadence', () => parseCadenceHours(cadence, 'cadence'));
  }
  const reply = cell('replyWithin');
  if (reply) patch.replyWithinHours = field(where, 'replyWithin', () => parseReplyWithinHours(reply, 'replyWithin'));
  const lastContact = cell('lastContact');
  if (lastContact) {
    patch.lastContact = field(where, 'lastContact', () => parseLastContact(lastContact, today, 'lastContact'));
  }
  const note = cell('note');
  if (note) patch.note = field(where, 'note', () => parseText('note', note, 'note'));
  return patch;
}
