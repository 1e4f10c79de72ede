// The full-text index of migration 3: every text crm searches is in it, in step with its row through inserts,
// edits and deletes (cascades included), whoever writes the row; a book from before is indexed as it is upgraded;
// and searchBook finds, ranks, cuts and marks as `crm search` shows it.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { momentOf } from '../../src/core/dates.js';
import { MATCH_END, MATCH_START, searchQuery } from '../../src/core/search.js';
import { syntheticBook } from '../../src/demo/synthetic.js';
import { bulkLoad } from '../../src/store/bulk.js';
import { addClient, removeClient } from '../../src/store/clients.js';
import { logInteraction, type NewInteraction } from '../../src/store/interactions.js';
import { SEARCH_SOURCES } from '../../src/store/migrations.js';
import { openBook, type Db } from '../../src/store/open.js';
import { holdSearchIndex, searchableBook, searchBook, searchIndexIncomplete } from '../../src/store/search.js';

const NOW = Date.parse('2026-11-23T09:00:00Z');
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-search-'));
  db = openBook(join(dir, 'book.db'), { mode: 'write', now: NOW }).db;
  db.pragma('synchronous = OFF'); // a throwaway book: no fsync after each of the many small transactions
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the index should hold: every non-null text of every source, by its key. */
function expectedIndex(book: Db): [number, string][] {
  const rows = SEARCH_SOURCES.flatMap(({ code, table, column }) =>
    (book.prepare(`SELECT id, ${column} AS text FROM ${table} WHERE ${column} IS NOT NULL`).all() as { id: number; text: string }[]).map(
      (r): [number, string] => [r.id * 16 + code, r.text],
    ),
  );
  return rows.sort((a, b) => a[0] - b[0]);
}

/** The index agrees with the rows, and with itself (FTS5's own check of its b-trees against its text). */
function expectInStep(book: Db): void {
  const indexed = (book.prepare('SELECT rowid, text FROM search_index ORDER BY rowid').raw().all() as [number, string][]);
  expect(indexed).toEqual(expectedIndex(book));
  book.exec(`INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)`);
}

function found(typed: string, clientId?: number): string[] {
  const query = searchQuery(typed)!;
  return searchBook(db, query, { clientId, limit: 50 }).map((hit) => `${hit.kind} ${hit.id}`);
}

const call = (clientId: number, extra: Partial<NewInteraction> = {}): NewInteraction => ({
  clientId, at: NOW - 3_600_000, channel: 'call', fromClient: false, tone: 0, summary: null, horsemen: [], feedback: false, bids: [],
  answer: null, conflictTopic: null, repair: false, appreciations: [], needs: [], followUp: null, voices: [], heard: null, now: NOW, ...extra,
});

describe('the search index', () => {
  it('holds every text crm searches, from the row that wrote it, and finds each by its words', () => {
    const acme = addClient(db, { name: 'Acme', since: '2026-01-01', createdAt: NOW, note: 'prefers espresso' });
    logInteraction(db, call(acme.id, {
      summary: 'kick-off about the Café launch',
      bids: [{ text: 'send the numbers?', kind: 'question' }],
      conflictTopic: 'scope creep',
      needs: [{ text: 'weekly written summary', kind: 'need' }],
      followUp: { due: '2026-11-30', text: 'send the revised quote', },
      voices: ['payment within 14 days'],
      appreciations: [{ direction: 'to-client', kind: 'gift' }],
    }));
    db.prepare(`UPDATE appreciation SET note = 'a book about espresso'`).run();
    db.prepare(`INSERT INTO invoice (client_id, number, number_key, amount_minor, currency, issued, due, note)
                VALUES (?, 'INV-1', 'inv-1', 100, 'EUR', '2026-11-01', '2026-11-30', 'November retainer')`).run(acme.id);
    db.prepare(`UPDATE client SET status = 'ended', ended_on = '2026-11-23', end_reason = 'moved in-house' WHERE id = ?`).run(acme.id);
    expectInStep(db);
    expect(found('cafe')).toEqual(['interaction 1']);
    expect(found('numbers')).toEqual(['bid 1']);
    expect(found('scope')).toEqual(['topic 1']);
    expect(found('written')).toEqual(['need 1']);
    expect(found('quote')).toEqual(['follow-up 1']);
    expect(found('payment')).toEqual(['voice 1']);
    expect(found('retainer')).toEqual(['invoice 1']);
    expect(found('in-house')).toEqual(['client 1']);
    expect(found('espresso').sort()).toEqual(['appreciation 1', 'client 1']);
  });

  it('follows every edit and delete, a cascade from removing a client included', () => {
    const acme = addClient(db, { name: 'Acme', since: '2026-01-01', createdAt: NOW });
    const globex = addClient(db, { name: 'Globex', since: '2026-01-01', createdAt: NOW });
    logInteraction(db, call(acme.id, { summary: 'pricing talk', bids: [{ text: 'lower the price', kind: 'request' }] }));
    logInteraction(db, call(globex.id, { summary: 'pricing again' }));
    expect(found('pricing')).toHaveLength(2);
    db.prepare(`UPDATE interaction SET summary = 'budget talk' WHERE id = 1`).run();
    expect(found('pricing')).toEqual(['interaction 2']);
    expect(found('budget')).toEqual(['interaction 1']);
    db.prepare(`UPDATE interaction SET summary = NULL WHERE id = 1`).run();
    expect(found('budget')).toEqual([]);
    db.prepare(`UPDATE interaction SET tone = 1, summary = 'budget settled' WHERE id = 1`).run();
    expect(found('budget')).toEqual(['interaction 1']);
    expectInStep(db);
    removeClient(db, acme.id); // its interactions and bids go by ON DELETE CASCADE
    expect(found('budget')).toEqual([]);
    expect(found('price')).toEqual([]);
    expectInStep(db);
  });

  it('stays in step whatever is written, edited and removed, in any order', () => {
    const texts = fc.constantFrom('pricing', 'Zoë', 'scope creep', 'the "usual" call', 'déjà vu', null);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('log' as const), client: fc.nat(2), summary: texts, bid: texts }),
      fc.record({ kind: fc.constant('edit' as const), id: fc.nat(8), summary: texts }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.nat(8) }),
      fc.record({ kind: fc.constant('note' as const), client: fc.nat(2), note: texts }),
      fc.record({ kind: fc.constant('remove' as const), client: fc.nat(2) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        db.exec('DELETE FROM client');
        const ids = [0, 1, 2].map((i) => addClient(db, { name: `Client ${i} ${Math.random()}`, since: '2026-01-01', createdAt: NOW }).id);
        for (const o of ops) {
          if (o.kind === 'log') {
            if (!db.prepare('SELECT 1 FROM client WHERE id = ?').get(ids[o.client])) continue;
            logInteraction(db, call(ids[o.client]!, { summary: o.summary, bids: o.bid ? [{ text: o.bid, kind: 'request' }] : [] }));
          } else if (o.kind === 'edit') db.prepare('UPDATE interaction SET summary = ? WHERE id = (SELECT id FROM interaction ORDER BY id LIMIT 1 OFFSET ?)').run(o.summary, o.id);
          else if (o.kind === 'delete') db.prepare('DELETE FROM interaction WHERE id = (SELECT id FROM interaction ORDER BY id LIMIT 1 OFFSET ?)').run(o.id);
          else if (o.kind === 'note') db.prepare('UPDATE client SET note = ? WHERE id = ?').run(o.note, ids[o.client]);
          else removeClient(db, ids[o.client]!);
        }
        expectInStep(db);
      }),
      { numRuns: 60 },
    );
  });
});

describe('searchBook', () => {
  it('ranks the best match first, marks the matched words, and keeps to one client when asked', () => {
    const acme = addClient(db, { name: 'Acme', since: '2026-01-01', createdAt: NOW });
    const globex = addClient(db, { name: 'Globex', since: '2026-01-01', createdAt: NOW });
    logInteraction(db, call(acme.id, { summary: 'a long talk about many things, among them the invoice once' }));
    logInteraction(db, call(globex.id, { summary: 'invoice invoice invoice' }));
    const hits = searchBook(db, searchQuery('invoice')!, { limit: 10 });
    expect(hits.map((h) => h.client.name)).toEqual(['Globex', 'Acme']);
    expect(hits[0]).toMatchObject({ kind: 'interaction', id: 2, field: 'summary', at: NOW - 3_600_000, date: null, text: 'invoice invoice invoice' });
    expect(hits[0]!.snippet).toBe(`${MATCH_START}invoice${MATCH_END} ${MATCH_START}invoice${MATCH_END} ${MATCH_START}invoice${MATCH_END}`);
    expect(searchBook(db, searchQuery('invoice')!, { limit: 1 })).toHaveLength(1);
    expect(searchBook(db, searchQuery('invoice')!, { clientId: acme.id, limit: 10 }).map((h) => h.id)).toEqual([1]);
  });
});

const searchTriggers = (book: Db) =>
  book.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'`).pluck().get();

describe('a bulk load', () => {
  it('into an empty book indexes once, at the end, and puts the triggers back', () => {
    expect(searchTriggers(db)).toBe(SEARCH_SOURCES.length * 3);
    bulkLoad(db, syntheticBook({ clients: 4, interactions: 300, invoices: 10, seed: 3 }, momentOf(NOW)));
    expectInStep(db);
    expect(expectedIndex(db).length).toBeGreaterThan(300);
    expect(searchTriggers(db)).toBe(SEARCH_SOURCES.length * 3);
    logInteraction(db, call(1, { summary: 'after the load' }));
    expect(found('after load')).toEqual(['interaction 301']);
  });

  it('into a book whose index holds texts goes row by row, triggers kept', () => {
    addClient(db, { name: 'Acme', since: '2026-01-01', createdAt: NOW, note: 'an early note' });
    const indexLater = holdSearchIndex(db);
    expect(searchTriggers(db)).toBe(SEARCH_SOURCES.length * 3);
    logInteraction(db, call(1, { summary: 'indexed as it is written' }));
    indexLater();
    expectInStep(db);
    expect(found('written')).toEqual(['interaction 1']);
  });
});

describe('a book from schema 2', () => {
  const fixture = join(import.meta.dirname, '..', 'fixtures', 'books', 'v2.db');
  const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

  it('is indexed when it is first opened for a change', () => {
    db.close();
    const path = join(dir, 'v2.db');
    copyFileSync(fixture, path);
    db = openBook(path, { mode: 'write', now: NOW, onBackup: () => undefined }).db;
    expectInStep(db);
    expect(expectedIndex(db).length).toBeGreaterThan(20);
    // The fixture's multi-line, quoted, accented summary: found without its accents.
    expect(found('unicode quoted')).toHaveLength(1);
  });

  it('read as it is (a copy upgraded in memory) is not indexed, unless crm search needs it; the file is untouched', () => {
    db.close();
    const path = join(dir, 'v2.db');
    copyFileSync(fixture, path);
    const before = sha256(path);
    db = openBook(path, { mode: 'read', now: NOW }).db;
    expect(db.memory).toBe(true);
    expect(searchIndexIncomplete(db)).toBe(true);
    db.pragma('query_only = ON'); // as a command's read holds it
    searchableBook(db);
    expect(searchIndexIncomplete(db)).toBe(false);
    expect(found('unicode quoted')).toHaveLength(1);
    db.close();
    expect(sha256(path)).toBe(before);
  });
});
