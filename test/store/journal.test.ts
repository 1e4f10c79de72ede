// The journal (store/journal.ts), in process: every row written while a change is open is recorded, in every table,
// cascades included; reverting a change puts back exactly the rows it changed, or refuses, naming what is in the way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOOK_TABLES } from '../../src/core/tables.js';
import { addClient, removeClient } from '../../src/store/clients.js';
import { logInteraction } from '../../src/store/interactions.js';
import { addInvoice, payInvoice } from '../../src/store/invoices.js';
import {
  JOURNAL_KEEP, RevertConflict, changeRows, closeChange, getChange, listChanges, openChange, openChangeId, redoTarget, revertChange,
  undoTarget, type Change,
} from '../../src/store/journal.js';
import { openBook, type Db } from '../../src/store/open.js';

const NOW = Date.parse('2026-11-23T09:00:00Z');
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-journal-'));
  db = openBook(join(dir, 'book.db'), { mode: 'write', now: NOW }).db;
  // What the changes below work on, written with no change open (as a bulk load): not journaled.
  db.exec(`
    INSERT INTO client (id, name, name_key, since, created_at) VALUES (1, 'Acme', 'acme', '2026-01-01', ${NOW}), (2, 'Globex', 'globex', '2026-01-01', ${NOW});
    INSERT INTO interaction (id, client_id, at, channel) VALUES (1, 1, ${NOW}, 'call'), (2, 2, ${NOW}, 'call');
    INSERT INTO conflict_topic (id, client_id, topic, topic_key) VALUES (1, 1, 'scope', 'scope');
    INSERT INTO invoice (id, client_id, number, number_key, amount_minor, currency, issued, due) VALUES (1, 1, 'INV-1', 'inv-1', 10000, 'EUR', '2026-11-01', '2026-12-01');
  `);
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of every table of the book, in a stable order. */
function rowsOf(): Record<string, unknown[]> {
  const sorted = (rows: unknown[]) => rows.map((row) => [JSON.stringify(row), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  return Object.fromEntries(BOOK_TABLES.map((table) => [table, sorted(db.prepare(`SELECT * FROM ${table}`).all())]));
}

/** One change, as Context makes one around a command: a write transaction, the change open, closed, committed. */
function change(summary: string, write: () => void, command = 'test'): number | null {
  db.exec('BEGIN IMMEDIATE');
  try {
    openChange(db, { at: NOW, command });
    write();
    const id = closeChange(db, summary);
    db.exec('COMMIT');
    return id;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** crm undo (or crm undo ID, or --redo) as one change of its own. */
function undo(target: Change | undefined = undoTarget(db)): number {
  if (!target) throw new Error('nothing to undo');
  return change(`Reverted #${target.id}`, () => revertChange(db, target), 'undo')!;
}

const sql = (statement: string) => () => void db.exec(statement);

describe('recording', () => {
  // Per table: a row written, changed and removed, each its own change.
  const CASES: [string, string, string, string][] = [
    ['setting', `INSERT INTO setting VALUES ('health.weight.bids', '30')`, `UPDATE setting SET value = '40'`, `DELETE FROM setting`],
    ['client', `INSERT INTO client (id, name, name_key, since, created_at) VALUES (3, 'Initech', 'initech', '2026-02-01', 0)`, `UPDATE client SET note = 'n', cadence_hours = 247.20000000000002 WHERE id = 3`, `DELETE FROM client WHERE id = 3`],
    // A natural key that changes: found by its new key, put back under its old one.
    ['client_tag', `INSERT INTO client_tag VALUES (1, 'vip')`, `UPDATE client_tag SET tag = 'key' WHERE client_id = 1`, `DELETE FROM client_tag`],
    ['interaction', `INSERT INTO interaction (id, client_id, at, channel, summary) VALUES (3, 1, 0, 'email', 'ünïcode 😀\nline')`, `UPDATE interaction SET tone = 2 WHERE id = 3`, `DELETE FROM interaction WHERE id = 3`],
    ['bid', `INSERT INTO bid (client_id, interaction_id, at, text, kind) VALUES (1, 1, 0, 'send it', 'request')`, `UPDATE bid SET response = 'toward', answered_at = 5, answer_interaction_id = 2`, `DELETE FROM bid`],
    ['conflict_topic', `INSERT INTO conflict_topic (id, client_id, topic, topic_key) VALUES (2, 2, 'money', 'money')`, `UPDATE conflict_topic SET status = 'resolved', resolved_at = 7 WHERE id = 2`, `DELETE FROM conflict_topic WHERE id = 2`],
    ['conflict_event', `INSERT INTO conflict_event (topic_id, interaction_id, at) VALUES (1, 1, 0)`, `UPDATE conflict_event SET repaired = 1`, `DELETE FROM conflict_event`],
    ['appreciation', `INSERT INTO appreciation (client_id, at, direction, kind) VALUES (1, 0, 'to-client', 'thanks')`, `UPDATE appreciation SET note = 'a book'`, `DELETE FROM appreciation`],
    ['need', `INSERT INTO need (client_id, learned_at, text) VALUES (1, 0, 'weekly report')`, `UPDATE need SET kind = 'goal'`, `DELETE FROM need`],
    ['voice', `INSERT INTO voice (client_id, raised_at, text) VALUES (1, 0, 'pay in 14 days')`, `UPDATE voice SET outcome = 'heard', outcome_at = 1`, `DELETE FROM voice`],
    ['invoice', `INSERT INTO invoice (id, client_id, number, number_key, amount_minor, currency, issued, due) VALUES (2, 2, 'X', 'x', 5, 'USD', '2026-01-01', '2026-01-02')`, `UPDATE invoice SET voided_at = 3 WHERE id = 2`, `DELETE FROM invoice WHERE id = 2`],
    ['payment', `INSERT INTO payment (invoice_id, amount_minor, paid_on) VALUES (1, 500, '2026-11-05')`, `UPDATE payment SET amount_minor = 600`, `DELETE FROM payment`],
    ['follow_up', `INSERT INTO follow_up (client_id, due, text, created_at) VALUES (1, '2026-12-01', 'call back', 0)`, `UPDATE follow_up SET done_at = 9`, `DELETE FROM follow_up`],
    ['reminder_state', `INSERT INTO reminder_state VALUES ('bid-unanswered:1', 'done', NULL, 'f')`, `UPDATE reminder_state SET state = 'snoozed', until = 99`, `DELETE FROM reminder_state`],
  ];

  it('covers every table of the book', () => {
    expect(CASES.map(([table]) => table).sort()).toEqual([...BOOK_TABLES].sort());
  });

  it.each(CASES)('%s: an insert, an update and a delete are a change each, undone newest first back to each state', (table, insert, update, remove) => {
    const states = [rowsOf()];
    for (const statement of [insert, update, remove]) {
      change(statement, sql(statement));
      states.push(rowsOf());
    }
    const [inserted, updated, removed] = listChanges(db, 3).reverse().map((c) => changeRows(db, c.id));
    expect([inserted, updated, removed].map((rows) => rows!.map((r) => [r.table, r.op]))).toEqual([[[table, 'insert']], [[table, 'update']], [[table, 'delete']]]);
    // The images are the whole row, as the book has it; the update's before is the insert's after.
    expect(inserted![0]!.before).toBeNull();
    expect(updated![0]!.before).toEqual(inserted![0]!.after);
    expect(removed![0]!.before).toEqual(updated![0]!.after);
    expect(removed![0]!.after).toBeNull();
    const known = new Set(states[0]![table]!.map((row) => JSON.stringify(row)));
    const stored = states[1]![table]!.find((row) => !known.has(JSON.stringify(row))) as Record<string, unknown>;
    for (const [column, value] of Object.entries(stored)) {
      expect(inserted![0]!.after![column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())], column).toEqual(value);
    }
    for (const expected of [states[2], states[1], states[0]]) {
      undo();
      expect(rowsOf()).toEqual(expected);
    }
  });

  it('names a row by its uid, and a foreign key also by the uid of the row it points to', () => {
    change('bid', sql(`INSERT INTO bid (client_id, interaction_id, at, text, kind) VALUES (1, 1, 0, 'send it', 'request')`));
    change('tag', sql(`INSERT INTO client_tag VALUES (2, 'vip')`));
    const uidOf = (table: string, id: number) => db.prepare(`SELECT uid FROM ${table} WHERE id = ?`).pluck().get(id);
    const [tag, bid] = listChanges(db, 2).map((c) => changeRows(db, c.id)[0]!);
    expect(bid!.key).toBe(db.prepare('SELECT uid FROM bid').pluck().get());
    expect(bid!.after).toMatchObject({ clientId: 1, clientUid: uidOf('client', 1), interactionId: 1, interactionUid: uidOf('interaction', 1), answerInteractionId: null, answerInteractionUid: null });
    expect(JSON.parse(tag!.key)).toEqual([uidOf('client', 2), 'vip']);
  });

  it('keeps no change that wrote nothing, nor an update to the same values', () => {
    expect(change('nothing', () => undefined)).toBeNull();
    expect(change('same', sql(`UPDATE client SET name = 'Acme' WHERE id = 1`))).toBeNull();
    expect(db.prepare('SELECT count(*) FROM change').pluck().get()).toBe(0);
  });

  it('records what REPLACE deleted', () => {
    change('set', sql(`INSERT INTO setting VALUES ('health.weight.bids', '30')`));
    const before = rowsOf();
    change('replace', sql(`INSERT OR REPLACE INTO setting VALUES ('health.weight.bids', '50')`));
    expect(changeRows(db, listChanges(db, 1)[0]!.id).map((r) => r.op)).toEqual(['delete', 'insert']);
    undo();
    expect(rowsOf()).toEqual(before);
  });

  it('records nothing once the change is closed, or rolled back: its triggers are gone with it', () => {
    change('one', sql(`UPDATE client SET note = 'x' WHERE id = 1`));
    db.exec(`UPDATE client SET note = 'outside' WHERE id = 1`);
    db.exec('BEGIN');
    openChange(db, { at: NOW, command: 'failing' });
    db.exec(`UPDATE client SET note = 'failed' WHERE id = 1`);
    db.exec('ROLLBACK');
    expect(openChangeId(db)).toBeUndefined();
    expect(db.prepare(`SELECT count(*) FROM temp.sqlite_schema`).pluck().get()).toBe(0);
    db.exec(`UPDATE client SET note = 'outside again' WHERE id = 1`);
    expect(db.prepare('SELECT count(*) FROM change_row').pluck().get()).toBe(1);
  });

  it(`keeps the ${JOURNAL_KEEP} newest changes: an older one goes, with its rows`, () => {
    const fill = db.prepare(`INSERT INTO change (at, command, summary) VALUES (0, 'old', 'old')`);
    db.transaction(() => {
      for (let i = 0; i < JOURNAL_KEEP; i++) fill.run();
    })();
    db.exec(`INSERT INTO change_row (change_id, tbl, row_key, op, after_json) VALUES (1, 'client', 'x', 'insert', '{}'), (2, 'client', 'y', 'insert', '{}')`);
    const id = change('newest', sql(`UPDATE client SET note = 'x' WHERE id = 1`))!;
    expect(id).toBe(JOURNAL_KEEP + 1);
    expect(db.prepare('SELECT min(id), count(*) FROM change').raw().get()).toEqual([2, JOURNAL_KEEP]);
    expect(db.prepare('SELECT change_id FROM change_row ORDER BY id').pluck().all()).toEqual([2, id]);
  });
});

describe('reverting', () => {
  it("brings a client removed back whole: every row its removal cascaded to, foreign keys set to null put back", () => {
    const acme = addClient(db, { name: 'Initech', since: '2026-01-01', createdAt: NOW, tags: ['vip', 'retainer'] });
    const logged = logInteraction(db, {
      clientId: acme.id, at: NOW, channel: 'call', fromClient: false, tone: -1, summary: 'hard talk', horsemen: ['criticism'], feedback: true,
      bids: [{ text: 'send it', kind: 'request' }], answer: null, conflictTopic: 'scope', repair: false,
      appreciations: [{ direction: 'to-client', kind: 'thanks' }], needs: [{ text: 'weekly', kind: 'need' }],
      followUp: { due: '2026-12-01', text: 'call back' }, voices: ['pay in 14 days'], heard: null, now: NOW,
    });
    // A bid answered by a later interaction (answer_interaction_id is SET NULL when that interaction goes).
    logInteraction(db, {
      clientId: acme.id, at: NOW + 1000, channel: 'email', fromClient: false, tone: 1, summary: 'sent', horsemen: [], feedback: false,
      bids: [], answer: logged.bidIds[0]!, conflictTopic: null, repair: false, appreciations: [], needs: [], followUp: null, now: NOW + 1000,
    });
    const invoice = addInvoice(db, { clientId: acme.id, number: 'INV-9', amountMinor: 5000, currency: 'EUR', issued: '2026-11-01', due: '2026-11-30', note: null });
    payInvoice(db, invoice.number, 2000, '2026-11-10', 'en-US');
    const before = rowsOf();

    const removal = change('Removed Initech', () => removeClient(db, acme.id))!;
    const rows = changeRows(db, removal);
    const tables = new Set(rows.map((r) => r.table));
    for (const table of ['client', 'client_tag', 'interaction', 'bid', 'conflict_topic', 'conflict_event', 'appreciation', 'need', 'voice', 'invoice', 'payment', 'follow_up']) {
      expect(tables, table).toContain(table);
    }
    // Rows deleted by the cascade still say whose they were: the client's uid, though it went first.
    const clientUid = before.client!.map((c) => c as { id: number; uid: string }).find((c) => c.id === acme.id)!.uid;
    for (const row of rows.filter((r) => r.op === 'delete' && r.table !== 'client' && 'clientUid' in r.before!)) {
      expect(row.before!.clientUid, row.table).toBe(clientUid);
    }
    expect(rowsOf().client).toHaveLength(2);

    undo();
    expect(rowsOf()).toEqual(before);
  });

  it('an undo undone (a redo) puts the change back; undone again, it goes; the journal says which is which', () => {
    const before = rowsOf();
    const added = change('Added', sql(`INSERT INTO interaction (client_id, at, channel) VALUES (1, 0, 'chat')`))!;
    const after = rowsOf();
    const undone = undo();
    expect(rowsOf()).toEqual(before);
    expect(redoTarget(db).target?.id).toBe(undone);
    const redone = undo(redoTarget(db).target);
    expect(rowsOf()).toEqual(after);
    expect(getChange(db, redone)).toMatchObject({ kind: 'redo', reverts: undone });
    expect(getChange(db, undone)).toMatchObject({ kind: 'undo', reverts: added, revertedBy: redone, revertedByKind: 'redo' });
    // crm undo now reverts the redo (the newest change in effect), not the original again.
    expect(undoTarget(db)?.id).toBe(redone);
    undo();
    expect(rowsOf()).toEqual(before);
    expect(undoTarget(db)).toBeUndefined();
  });

  it('redo is over once a new command is made after the undo', () => {
    change('A', sql(`UPDATE client SET note = 'a' WHERE id = 1`));
    undo();
    const later = change('B', sql(`UPDATE client SET note = 'b' WHERE id = 2`))!;
    expect(redoTarget(db)).toEqual({ blockedBy: expect.objectContaining({ id: later }) });
    // ...unless that command is undone too: then both can be redone, the newest undo first.
    const undoneLater = undo();
    expect(redoTarget(db).target?.id).toBe(undoneLater);
  });

  describe('refuses, naming the change in the way, and changes nothing', () => {
    function refused(target: Change, message: RegExp): void {
      const before = rowsOf();
      const journal = db.prepare('SELECT * FROM change').all();
      expect(() => undo(target)).toThrow(RevertConflict);
      expect(() => undo(target)).toThrow(message);
      expect(rowsOf()).toEqual(before);
      expect(db.prepare('SELECT * FROM change').all()).toEqual(journal);
    }

    it('a row it wrote that a later change changed', () => {
      const logged = change('Logged call with Acme (#3).', sql(`INSERT INTO bid (id, client_id, at, text, kind) VALUES (7, 1, 0, 'send it', 'request')`))!;
      const answered = change('Bid #7 of Acme answered in time.', sql(`UPDATE bid SET response = 'toward', answered_at = 1 WHERE id = 7`))!;
      refused(getChange(db, logged)!, new RegExp(`^cannot undo #${logged} \\(Logged call with Acme \\(#3\\)\\): #${answered} \\(Bid #7 of Acme answered in time\\) changed bid #7 since; crm undo ${answered} first\\. Nothing was changed\\.$`));
    });

    it('a row a later change wrote, which undoing would remove by cascade', () => {
      const added = change('Added Initech (#3).', sql(`INSERT INTO client (id, name, name_key, since, created_at) VALUES (3, 'Initech', 'initech', '2026-01-01', 0)`))!;
      const logged = change('Logged call with Initech.', sql(`INSERT INTO interaction (id, client_id, at, channel) VALUES (9, 3, 0, 'call')`))!;
      refused(getChange(db, added)!, new RegExp(`#${logged} \\(Logged call with Initech\\) changed interaction #9, which undoing #${added} would remove too; crm undo ${logged} first`));
    });

    it('a row it would bring back whose parent a later change removed', () => {
      const removed = change('Removed interaction #2.', sql('DELETE FROM interaction WHERE id = 2'))!;
      const gone = change('Removed Globex (#2) and its history.', sql('DELETE FROM client WHERE id = 2'))!;
      refused(getChange(db, removed)!, new RegExp(`#${gone} \\(Removed Globex \\(#2\\) and its history\\) removed client #2, which a row of #${removed} belongs to; crm undo ${gone} first`));
    });

    it('a row whose id a later row took', () => {
      change('Logged', sql(`INSERT INTO interaction (id, client_id, at, channel) VALUES (3, 1, 0, 'call')`));
      const undone = undo();
      const again = change('Logged again', sql(`INSERT INTO interaction (id, client_id, at, channel) VALUES (3, 2, 0, 'email')`))!;
      refused(getChange(db, undone)!, new RegExp(`^cannot redo #${undone} .*: #${again} \\(Logged again\\) changed interaction #3 since`));
    });

    it('a row changed outside crm', () => {
      const edited = change('Updated Acme (#1).', sql(`UPDATE client SET note = 'x' WHERE id = 1`))!;
      db.exec(`UPDATE client SET note = 'by hand' WHERE id = 1`);
      refused(getChange(db, edited)!, /client #1 is not as #\d+ left it, and the journal does not say why \(changed outside crm\?\)/);
    });
  });
});
