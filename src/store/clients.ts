// Clients: the people and companies the user works with.
import { InputError } from '../core/errors.js';
import { nameKey, type ClientCandidates } from '../core/match.js';
import type { Client, ClientRef, ClientStatus, Instant, LocalDate } from '../core/types.js';
import type { Db } from './open.js';
import { prepared } from './statements.js';
import { updateColumns } from './rows.js';

interface ClientRow {
  id: number;
  name: string;
  email: string | null;
  company: string | null;
  status: ClientStatus;
  since: string;
  ended_on: string | null;
  end_reason: string | null;
  cadence_hours: number;
  reply_within_hours: number;
  note: string | null;
  created_at: number;
  tracked_from: number | null;
  last_contact: string | null;
  tags: string | null;
}

const SELECT_CLIENT = `
  SELECT c.*, (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM client_tag t WHERE t.client_id = c.id ORDER BY tag)) AS tags
  FROM client c`;

function toClient(row: ClientRow): Client {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    company: row.company,
    tags: row.tags ? row.tags.split('\x1f') : [],
    status: row.status,
    since: row.since,
    endedOn: row.ended_on,
    endReason: row.end_reason,
    cadenceDays: row.cadence_hours / 24,
    replyWithinHours: row.reply_within_hours,
    note: row.note,
    createdAt: row.created_at,
    trackedFrom: row.tracked_from ?? row.created_at,
    lastContact: row.last_contact,
  };
}

export interface NewClient {
  name: string;
  email?: string | null;
  company?: string | null;
  tags?: string[];
  since: LocalDate;
  cadenceHours?: number;
  replyWithinHours?: number;
  note?: string | null;
  createdAt: Instant;
  /** The last contact before the client entered the book (`--last-contact`). */
  lastContact?: LocalDate | null;
}

export function addClient(db: Db, input: NewClient): Client {
  assertNameFree(db, input.name);
  const id = db.transaction(() => {
    const result = prepared(
      db,
      `INSERT INTO client (name, name_key, email, company, since, cadence_hours, reply_within_hours, note, created_at,
                           tracked_from, last_contact)
       VALUES (@name, @key, @email, @company, @since, @cadence, @reply, @note, @createdAt, @createdAt, @lastContact)`,
    ).run({
        name: input.name,
        key: nameKey(input.name),
        email: input.email ?? null,
        company: input.company ?? null,
        since: input.since,
        cadence: input.cadenceHours ?? 720,
        reply: input.replyWithinHours ?? 24,
        note: input.note ?? null,
        createdAt: input.createdAt,
        lastContact: input.lastContact ?? null,
      });
    const clientId = Number(result.lastInsertRowid);
    setTags(db, clientId, input.tags ?? []);
    return clientId;
  }).immediate();
  return getClient(db, id)!;
}

function assertNameFree(db: Db, name: string, exceptId?: number): void {
  const clash = db.prepare('SELECT id, name FROM client WHERE name_key = ?').get(nameKey(name)) as ClientRef | undefined;
  if (clash && clash.id !== exceptId) {
    throw new InputError(`a client named "${clash.name}" already exists (client #${clash.id}); names are unique, whatever their case`);
  }
}

export function setTags(db: Db, clientId: number, tags: string[]): void {
  prepared(db, 'DELETE FROM client_tag WHERE client_id = ?').run(clientId);
  const insert = prepared(db, 'INSERT OR IGNORE INTO client_tag (client_id, tag) VALUES (?, ?)');
  for (const tag of tags) insert.run(clientId, tag);
}

export function getClient(db: Db, id: number): Client | undefined {
  const row = db.prepare(`${SELECT_CLIENT} WHERE c.id = ?`).get(id) as ClientRow | undefined;
  return row && toClient(row);
}

export interface ClientFilter {
  includeEnded?: boolean;
  tag?: string;
  /** the clients as they stood on this day: begun by then, and (unless includeEnded) not ended by then */
  asOf?: LocalDate;
}

export function listClients(db: Db, filter: ClientFilter = {}): Client[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.asOf !== undefined) {
    where.push('c.since <= ?');
    params.push(filter.asOf);
  }
  if (!filter.includeEnded && filter.asOf !== undefined) {
    where.push(`(c.status != 'ended' OR c.ended_on > ?)`);
    params.push(filter.asOf);
  } else if (!filter.includeEnded) where.push(`c.status != 'ended'`);
  if (filter.tag) {
    where.push('EXISTS (SELECT 1 FROM client_tag t WHERE t.client_id = c.id AND t.tag = ? COLLATE NOCASE)');
    params.push(filter.tag);
  }
  const sql = `${SELECT_CLIENT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.name_key`;
  return (db.prepare(sql).all(...params) as ClientRow[]).map(toClient);
}

/** Indexed lookups for resolving what the user typed: by id, exact name, or name prefix. */
export function clientCandidates(db: Db, query: string): ClientCandidates {
  const trimmed = query.trim().replace(/^#(?=\d+$)/, '');
  const byId = /^\d+$/.test(trimmed)
    ? (db.prepare('SELECT id, name FROM client WHERE id = ?').get(Number(trimmed)) as ClientRef | undefined)
    : undefined;
  const key = nameKey(query);
  const exact = db.prepare('SELECT id, name FROM client WHERE name_key = ?').get(key) as ClientRef | undefined;
  const prefixed = key
    ? (db
        .prepare(`SELECT id, name FROM client WHERE name_key >= ? AND name_key < ? ORDER BY name_key LIMIT 50`)
        .all(key, `${key}\u{10ffff}`) as ClientRef[])
    : [];
  return { byId, exact, prefixed };
}

export function allClientRefs(db: Db): ClientRef[] {
  return db.prepare('SELECT id, name FROM client ORDER BY name_key').all() as ClientRef[];
}

export interface ClientPatch {
  name?: string;
  email?: string | null;
  company?: string | null;
  tags?: string[];
  since?: LocalDate;
  cadenceHours?: number;
  replyWithinHours?: number;
  note?: string | null;
  lastContact?: LocalDate | null;
}

export function editClient(db: Db, id: number, patch: ClientPatch): Client {
  if (patch.name !== undefined) assertNameFree(db, patch.name, id);
  db.transaction(() => {
    const columns: Record<string, unknown> = {};
    if (patch.name !== undefined) Object.assign(columns, { name: patch.name, name_key: nameKey(patch.name) });
    if (patch.email !== undefined) columns.email = patch.email;
    if (patch.company !== undefined) columns.company = patch.company;
    if (patch.since !== undefined) columns.since = patch.since;
    if (patch.cadenceHours !== undefined) columns.cadence_hours = patch.cadenceHours;
    if (patch.replyWithinHours !== undefined) columns.reply_within_hours = patch.replyWithinHours;
    if (patch.note !== undefined) columns.note = patch.note;
    if (patch.lastContact !== undefined) columns.last_contact = patch.lastContact;
    updateColumns(db, 'client', id, columns);
    if (patch.tags !== undefined) setTags(db, id, patch.tags);
  }).immediate();
  return getClient(db, id)!;
}

export function endClient(db: Db, id: number, on: LocalDate, reason: string | null): Client {
  db.prepare(`UPDATE client SET status = 'ended', ended_on = ?, end_reason = ? WHERE id = ?`).run(on, reason, id);
  return getClient(db, id)!;
}

export function reopenClient(db: Db, id: number): Client {
  db.prepare(`UPDATE client SET status = 'active', ended_on = NULL, end_reason = NULL WHERE id = ?`).run(id);
  return getClient(db, id)!;
}

/** Removes the client and everything logged about it (foreign keys cascade), in one transaction. */
export function removeClient(db: Db, id: number): void {
  db.prepare('DELETE FROM client WHERE id = ?').run(id);
}

/** Every tag the book's clients carry, once each, in order (what `--tag` completes). */
export function allTags(db: Db): string[] {
  return (db.prepare('SELECT DISTINCT tag FROM client_tag ORDER BY tag').pluck().all() as string[]);
}

export function countClients(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM client').get() as { n: number }).n;
}
