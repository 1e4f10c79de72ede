// Synthetic books (crm demo --clients N ...), generated in process into an in-memory book: deterministic per
// seed, and rows in every table the health model and the reminders read, so a benchmark exercises them all.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { localDateOf, momentOf } from '../../src/core/dates.js';
import { syntheticBook, type SyntheticSize } from '../../src/demo/synthetic.js';
import { bulkLoad } from '../../src/store/bulk.js';
import { DUMP_TABLES, checkBookRows, dumpRows } from '../../src/store/dump.js';
import { clientFacts } from '../../src/store/facts.js';
import { listClients } from '../../src/store/clients.js';
import { openBook, type Db } from '../../src/store/open.js';
import { DEFAULT_NOW } from '../helpers/cli.js';

const NOW = momentOf(Date.parse(DEFAULT_NOW));
const SIZE: SyntheticSize = { clients: 200, interactions: 20_000, invoices: 2_000, seed: 3 };

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A synthetic book in memory (a read-mode open of a missing file never creates it). */
function generate(size: SyntheticSize): { db: Db; counts: ReturnType<typeof bulkLoad> } {
  const { db } = openBook(join(tmpdir(), `crm-synthetic-${process.pid}-missing.db`), { mode: 'read' });
  opened.push(db);
  return { db, counts: bulkLoad(db, syntheticBook(size, NOW)) };
}

/** Every row of every table, without the uids: random for every row of every book (a row is itself everywhere). */
const contents = (db: Db) =>
  Object.fromEntries(DUMP_TABLES.map((table) => [table, [...dumpRows(db, table)].map(({ uid: _uid, ...row }) => row)]));

describe('a synthetic book', () => {
  it('is the same for the same seed, and another for another seed', () => {
    const small = { clients: 40, interactions: 3_000, invoices: 300, seed: 3 };
    const first = contents(generate(small).db);
    expect(contents(generate(small).db)).toEqual(first);
    expect(contents(generate({ ...small, seed: 4 }).db)).not.toEqual(first);
  });

  it('has rows in every table the health model reads, in every state it tells apart', () => {
    const { db, counts } = generate(SIZE);
    const facts = listClients(db, { includeEnded: true }).map((c) => clientFacts(db, c.id)!);
    expect(facts).toHaveLength(SIZE.clients);
    const all = <T>(pick: (f: (typeof facts)[number]) => T[]) => facts.flatMap(pick);

    expect(counts).toMatchObject({ clients: SIZE.clients, interactions: SIZE.interactions, invoices: SIZE.invoices });
    for (const [name, rows] of Object.entries({
      bids: all((f) => f.bids), topics: all((f) => f.topics), appreciations: all((f) => f.appreciations), needs: all((f) => f.needs),
      payments: all((f) => f.invoices.flatMap((i) => i.payments)),
    })) {
      expect(rows.length, name).toBeGreaterThan(0);
    }

    // Promises: kept by the due date, kept late, overdue and still open, and not yet due.
    const followUps = all((f) => f.followUps);
    expect(followUps).toHaveLength(counts.followUps);
    const promiseStates = new Set(
      followUps.map((p) =>
        p.doneAt === null ? (p.due < NOW.today ? 'overdue' : 'not due') : localDateOf(p.doneAt) <= p.due ? 'kept' : 'late',
      ),
    );
    expect(promiseStates).toEqual(new Set(['kept', 'late', 'overdue', 'not due']));
    expect(followUps.every((p) => p.doneAt === null || (p.doneAt >= p.createdAt && p.doneAt <= NOW.at))).toBe(true);

    // The user's own needs: heard, ignored and open, an outcome dated only when there is one; one raised twice.
    const voices = all((f) => f.voices);
    expect(voices).toHaveLength(counts.voices);
    expect(new Set(voices.map((v) => v.outcome))).toEqual(new Set(['open', 'heard', 'ignored']));
    expect(voices.every((v) => (v.outcome === 'open') === (v.outcomeAt === null) && (v.outcomeAt ?? v.raisedAt) <= NOW.at)).toBe(true);
    expect(facts.some((f) => new Set(f.voices.map((v) => v.text)).size < f.voices.length)).toBe(true);

    // A topic resolved and one reopened by a later raising: resolvedAt is set exactly on the resolved ones.
    const topics = all((f) => f.topics);
    expect(topics.some((t) => t.status === 'resolved')).toBe(true);
    expect(topics.every((t) => (t.status === 'resolved') === (t.resolvedAt !== null))).toBe(true);

    // Every row is one the commands could have written: crm import and restore take the book back.
    expect(() => checkBookRows(db, '')).not.toThrow();

    // Every row has its own uid, kept unique by its table's index (dropped for the load, made again after it).
    for (const table of DUMP_TABLES.filter((t) => !['setting', 'client_tag', 'reminder_state'].includes(t))) {
      expect(db.prepare(`SELECT count(DISTINCT uid) = count(*) AS unique_ FROM ${table}`).pluck().get(), table).toBe(1);
      expect(db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name = ?`).pluck().get(`${table}_uid`), table).toBe(`${table}_uid`);
    }
  });

  it('follows each client from its creation, some from later than the relationship began, some with a last contact before', () => {
    const { db } = generate(SIZE);
    const facts = listClients(db, { includeEnded: true }).map((c) => clientFacts(db, c.id)!);
    const clients = facts.map((f) => f.client);
    expect(clients.every((c) => c.trackedFrom === c.createdAt && c.trackedFrom <= NOW.at)).toBe(true);
    const backDated = clients.filter((c) => localDateOf(c.trackedFrom) > c.since);
    expect(backDated.length).toBeGreaterThan(0);
    expect(backDated.length).toBeLessThan(clients.length / 2);
    const withLastContact = clients.filter((c) => c.lastContact !== null);
    expect(withLastContact.length).toBeGreaterThan(0);
    for (const c of withLastContact) {
      expect(c.lastContact! >= c.since && c.lastContact! < localDateOf(c.trackedFrom), c.name).toBe(true);
    }
    // No row from before the book knew the client: its history starts there.
    for (const f of facts) {
      expect(f.interactions.every((i) => i.at >= f.client.trackedFrom), f.client.name).toBe(true);
      expect(f.invoices.every((i) => i.issued >= localDateOf(f.client.trackedFrom)), f.client.name).toBe(true);
    }
  });
});
