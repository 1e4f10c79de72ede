// The journal: every change crm makes to the book is one entry (table `change`, in the order they were made) with
// the rows it wrote (table `change_row`) as JSON images of the whole row before and after, so that `crm undo` can
// revert it exactly, and so that another copy of the book could one day replay it (rows are named by their uid,
// foreign keys carry the uid of the row they point to).
//
// Rows are recorded by triggers, so that nothing a command writes escapes the journal, cascades included (removing
// a client deletes its interactions through ON DELETE CASCADE, which no hand-kept journal would see). They are TEMP
// triggers, made for one change from the book's live schema when it opens (openChange) and dropped when it closes
// (closeChange), or rolled back with it: a bulk load, a restore or a migration runs with no trigger at all, at no
// cost, and a later migration that adds a column is journaled without anyone regenerating triggers.
import { CrmError, InputError, NotFoundError } from '../core/errors.js';
import { BOOK_TABLES, camel, type BookTable } from '../core/tables.js';
import type { Db } from './open.js';

/** Changes kept in the journal: older ones are trimmed as new ones are made (crm undo reaches back this far). */
export const JOURNAL_KEEP = 1000;

export type ChangeKind = 'command' | 'undo' | 'redo';
export type RowOp = 'insert' | 'update' | 'delete';
export type Image = Record<string, unknown>;

export interface Change {
  id: number;
  uid: string;
  /** epoch ms */
  at: number;
  command: string;
  summary: string;
  kind: ChangeKind;
  /** the change an undo or redo reverted */
  reverts: number | null;
  /** the undo or redo that reverted this change, if any */
  revertedBy: number | null;
  revertedByKind: ChangeKind | null;
  rowCount: number;
}

export interface ChangeRow {
  table: BookTable;
  key: string;
  op: RowOp;
  before: Image | null;
  after: Image | null;
}

// --- the shape of each table, read from the live schema ---

interface TableShape {
  name: BookTable;
  columns: string[];
  /** how a row is found: by its id (and checked by its uid), or by its natural key (client_tag, setting...) */
  key: string[];
  hasUid: boolean;
  /** foreign key column -> the table it points to (by id) */
  parents: Map<string, string>;
}

const shapeCache = new WeakMap<Db, Map<string, TableShape>>();

function shapesOf(db: Db): Map<string, TableShape> {
  let shapes = shapeCache.get(db);
  if (shapes) return shapes;
  shapes = new Map();
  for (const name of BOOK_TABLES) {
    const info = db.prepare('SELECT name, pk FROM pragma_table_info(?)').all(name) as { name: string; pk: number }[];
    const parents = new Map(
      (db.prepare('SELECT "from" AS column, "table" AS parent FROM pragma_foreign_key_list(?)').all(name) as { column: string; parent: string }[])
        .map((fk) => [fk.column, fk.parent]),
    );
    const columns = info.map((c) => c.name);
    const hasUid = columns.includes('uid');
    const key = hasUid ? ['id'] : info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    shapes.set(name, { name, columns, key, hasUid, parents });
  }
  shapeCache.set(db, shapes);
  return shapes;
}

function shapeOf(db: Db, table: string): TableShape {
  const shape = shapesOf(db).get(table);
  if (!shape) throw new Error(`the journal has a row of table ${table}, which this book does not have`);
  return shape;
}

const q = (name: string) => `"${name}"`;
/** clientId -> clientUid: the key under which an image carries the uid of the row a foreign key points to. */
const uidKeyOf = (column: string) => camel(column).replace(/Id$/, 'Uid');

/**
 * The uid of the `parent` row with id `idSql`. In a cascade the parent is deleted before its children are: its uid is
 * then read from journal_gone, where the BEFORE DELETE trigger left it.
 */
function parentUidSql(parent: string, idSql: string): string {
  return `coalesce((SELECT uid FROM main.${q(parent)} WHERE id = ${idSql}), (SELECT uid FROM temp.journal_gone WHERE tbl = '${parent}' AND id = ${idSql}))`;
}

/** The JSON image of the row `row` (NEW, OLD, or a table alias): every column in camelCase, foreign keys with their uid. */
function imageSql(shape: TableShape, row: string): string {
  const parts: string[] = [];
  for (const column of shape.columns) {
    parts.push(`'${camel(column)}', ${row}.${q(column)}`);
    const parent = shape.parents.get(column);
    if (parent) parts.push(`'${uidKeyOf(column)}', ${parentUidSql(parent, `${row}.${q(column)}`)}`);
  }
  return `json_object(${parts.join(', ')})`;
}

/** The row's name in the journal: its uid, or its natural key as a JSON array (a foreign key by the uid it points to). */
function rowKeySql(shape: TableShape, row: string): string {
  if (shape.hasUid) return `${row}.uid`;
  const parts = shape.key.map((column) => {
    const parent = shape.parents.get(column);
    return parent ? parentUidSql(parent, `${row}.${q(column)}`) : `${row}.${q(column)}`;
  });
  return `json_array(${parts.join(', ')})`;
}

/** What rowKeySql names a row, from its image (SQLite's json_array writes what JSON.stringify does). */
function rowKeyOf(shape: TableShape, image: Image): string {
  if (shape.hasUid) return String(image.uid);
  return JSON.stringify(shape.key.map((column) => (shape.parents.has(column) ? image[uidKeyOf(column)] : image[camel(column)])));
}

function triggersSql(db: Db, changeId: number): string {
  const shapes = [...shapesOf(db).values()];
  const referenced = new Set(shapes.flatMap((s) => [...s.parents.values()]));
  const record = (shape: TableShape, op: RowOp, key: string, before: string, after: string) =>
    `INSERT INTO main.change_row (change_id, tbl, row_key, op, before_json, after_json) VALUES (${changeId}, '${shape.name}', ${key}, '${op}', ${before}, ${after});`;
  const sql: string[] = [
    'CREATE TEMP TABLE journal_open (change_id INTEGER NOT NULL)',
    `INSERT INTO temp.journal_open VALUES (${changeId})`,
    'CREATE TEMP TABLE journal_gone (tbl TEXT NOT NULL, id INTEGER NOT NULL, uid TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID',
  ];
  for (const shape of shapes) {
    const on = `ON main.${q(shape.name)} FOR EACH ROW`;
    const name = (what: string) => `journal_${shape.name}_${what}`;
    sql.push(
      `CREATE TEMP TRIGGER ${name('insert')} AFTER INSERT ${on} BEGIN ${record(shape, 'insert', rowKeySql(shape, 'NEW'), 'NULL', imageSql(shape, 'NEW'))} END`,
      // An update that changes nothing is not a change.
      `CREATE TEMP TRIGGER ${name('update')} AFTER UPDATE ${on} WHEN ${shape.columns.map((c) => `OLD.${q(c)} IS NOT NEW.${q(c)}`).join(' OR ')}
       BEGIN ${record(shape, 'update', rowKeySql(shape, 'OLD'), imageSql(shape, 'OLD'), imageSql(shape, 'NEW'))} END`,
      `CREATE TEMP TRIGGER ${name('delete')} AFTER DELETE ${on} BEGIN ${record(shape, 'delete', rowKeySql(shape, 'OLD'), imageSql(shape, 'OLD'), 'NULL')} END`,
    );
    if (referenced.has(shape.name)) {
      sql.push(
        `CREATE TEMP TRIGGER ${name('gone')} BEFORE DELETE ${on} BEGIN INSERT OR REPLACE INTO temp.journal_gone VALUES ('${shape.name}', OLD.id, OLD.uid); END`,
      );
    }
  }
  return `${sql.join(';\n')};`;
}

// --- opening and closing a change ---

/** The change open on this connection, if any. */
export function openChangeId(db: Db): number | undefined {
  const open = db.prepare(`SELECT name FROM temp.sqlite_schema WHERE type = 'table' AND name = 'journal_open'`).get();
  if (!open) return undefined;
  return (db.prepare('SELECT change_id AS id FROM temp.journal_open').get() as { id: number }).id;
}

/**
 * Opens a change, inside the caller's write transaction: from now until closeChange, every row written to the book
 * is recorded in it. The transaction's rollback undoes the change and its triggers alike.
 */
export function openChange(db: Db, change: { at: number; command: string }): number {
  if (!db.inTransaction) throw new Error('a change opens inside a write transaction');
  if (openChangeId(db) !== undefined) throw new Error('a change is already open');
  const id = Number(db.prepare(`INSERT INTO change (at, command, summary) VALUES (?, ?, '')`).run(change.at, change.command).lastInsertRowid);
  // REPLACE deletes the row it replaces; with recursive triggers its delete is journaled too.
  db.pragma('recursive_triggers = ON');
  db.exec(triggersSql(db, id));
  return id;
}

/**
 * Closes the open change, before its transaction commits: it is kept with `summary` when it wrote rows (and the
 * journal trimmed to its JOURNAL_KEEP newest changes), else it is removed. Returns its id, or null.
 */
export function closeChange(db: Db, summary: string): number | null {
  const id = openChangeId(db);
  if (id === undefined) return null;
  const temporary = db.prepare(`SELECT type, name FROM temp.sqlite_schema WHERE name LIKE 'journal\\_%' ESCAPE '\\' AND type IN ('trigger', 'table')`).all() as {
    type: string; name: string;
  }[];
  for (const { type, name } of temporary.sort((a, b) => (a.type === 'trigger' ? -1 : 0) - (b.type === 'trigger' ? -1 : 0))) {
    db.exec(`DROP ${type === 'trigger' ? 'TRIGGER' : 'TABLE'} temp.${q(name)}`);
  }
  db.pragma('recursive_triggers = OFF');
  if (!db.prepare('SELECT 1 FROM change_row WHERE change_id = ? LIMIT 1').get(id)) {
    db.prepare('DELETE FROM change WHERE id = ?').run(id);
    return null;
  }
  db.prepare('UPDATE change SET summary = ? WHERE id = ?').run(summary, id);
  db.prepare('DELETE FROM change WHERE id <= ? - ?').run(id, JOURNAL_KEEP);
  return id;
}

/**
 * Empties the journal, but for the change open now: nothing made so far can be undone, and the rows the journal kept
 * (a removed client's whole history) are deleted. Returns how many changes went.
 */
export function clearJournal(db: Db): number {
  return db.prepare('DELETE FROM change WHERE id < ?').run(openChangeId(db) ?? Number.MAX_SAFE_INTEGER).changes;
}

// --- reading the journal ---

interface ChangeDbRow {
  id: number; uid: string; at: number; command: string; summary: string; kind: ChangeKind; reverts: number | null;
  reverted_by: number | null; reverted_by_kind: ChangeKind | null; row_count: number;
}

const SELECT_CHANGE = `
  SELECT c.id, c.uid, c.at, c.command, c.summary, c.kind, c.reverts,
         (SELECT r.id FROM change r WHERE r.reverts = c.id) AS reverted_by,
         (SELECT r.kind FROM change r WHERE r.reverts = c.id) AS reverted_by_kind,
         (SELECT count(*) FROM change_row w WHERE w.change_id = c.id) AS row_count
  FROM change c`;

const toChange = (r: ChangeDbRow): Change => ({
  id: r.id, uid: r.uid, at: r.at, command: r.command, summary: r.summary, kind: r.kind, reverts: r.reverts,
  revertedBy: r.reverted_by, revertedByKind: r.reverted_by_kind, rowCount: r.row_count,
});

/**
 * When the book last changed, up to `upTo` (a calendar feed's texts change then): the journal's latest change.
 * Bulk loads and restores are not journaled; what they write carries its own created_at.
 */
export function lastChangeAt(db: Db, upTo: number): number | undefined {
  const row = db.prepare("SELECT max(at) AS at FROM change WHERE at <= ? AND summary != ''").get(upTo) as { at: number | null };
  return row.at ?? undefined;
}

/** The newest changes first (the change open now, not yet summed up, left out). */
export function listChanges(db: Db, limit: number): Change[] {
  return (db.prepare(`${SELECT_CHANGE} WHERE c.summary != '' ORDER BY c.id DESC LIMIT ?`).all(limit) as ChangeDbRow[]).map(toChange);
}

export function getChange(db: Db, id: number): Change | undefined {
  const row = db.prepare(`${SELECT_CHANGE} WHERE c.id = ? AND c.summary != ''`).get(id) as ChangeDbRow | undefined;
  return row && toChange(row);
}

/** The rows a change wrote, in the order it wrote them. */
export function changeRows(db: Db, changeId: number): ChangeRow[] {
  const rows = db
    .prepare('SELECT tbl, row_key AS key, op, before_json AS before, after_json AS after FROM change_row WHERE change_id = ? ORDER BY id')
    .all(changeId) as { tbl: BookTable; key: string; op: RowOp; before: string | null; after: string | null }[];
  const image = (json: string | null) => (json === null ? null : (JSON.parse(json) as Image));
  return rows.map((r) => ({ table: r.tbl, key: r.key, op: r.op, before: image(r.before), after: image(r.after) }));
}

/**
 * What each change in the journal does to the book now: a change is in effect unless an undo or redo in effect
 * reverted it (an undo that was itself undone, by a redo, gives the change back).
 */
function effects(db: Db): { inEffect: (id: number) => boolean; changes: { id: number; kind: ChangeKind; reverts: number | null }[] } {
  const changes = db.prepare(`SELECT id, kind, reverts FROM change WHERE summary != '' ORDER BY id`).all() as {
    id: number; kind: ChangeKind; reverts: number | null;
  }[];
  const revertedBy = new Map(changes.filter((c) => c.reverts !== null).map((c) => [c.reverts!, c.id]));
  const known = new Map<number, boolean>();
  const inEffect = (id: number): boolean => {
    // Iteratively along the chain of reverts (undo, redo, undo...), from its newest end.
    const chain: number[] = [];
    for (let at: number | undefined = id; at !== undefined && !known.has(at); at = revertedBy.get(at)) chain.push(at);
    for (let i = chain.length - 1; i >= 0; i--) {
      const by = revertedBy.get(chain[i]!);
      known.set(chain[i]!, by === undefined || !known.get(by));
    }
    return known.get(id)!;
  };
  return { inEffect, changes };
}

/** What `crm undo` reverts: the newest change not reverted yet that is not an undo (a command, or a redo). */
export function undoTarget(db: Db): Change | undefined {
  const row = db
    .prepare(`${SELECT_CHANGE} WHERE c.summary != '' AND c.kind != 'undo' AND NOT EXISTS (SELECT 1 FROM change r WHERE r.reverts = c.id) ORDER BY c.id DESC LIMIT 1`)
    .get() as ChangeDbRow | undefined;
  return row && toChange(row);
}

/**
 * What `crm undo --redo` reverts: the newest undo not reverted yet, as long as no command made after it is in
 * effect (as in an editor, a new change ends what can be redone; crm undo ID still reverts an older undo).
 */
export function redoTarget(db: Db): { target?: Change; blockedBy?: Change } {
  const { inEffect, changes } = effects(db);
  const undo = [...changes].reverse().find((c) => c.kind === 'undo' && !changes.some((r) => r.reverts === c.id));
  if (!undo) return {};
  const later = [...changes].reverse().find((c) => c.id > undo.id && c.kind === 'command' && inEffect(c.id));
  if (later) return { blockedBy: getChange(db, later.id)! };
  return { target: getChange(db, undo.id)! };
}

/** The change that `change` reverts at the end of its chain of undos and redos: the command whose effect it is about. */
export function originOf(db: Db, change: Change): Change {
  let at = change;
  while (at.kind !== 'command' && at.reverts !== null) {
    const before = getChange(db, at.reverts);
    if (!before) break; // trimmed from the journal
    at = before;
  }
  return at;
}

// --- reverting a change ---

/** A change cannot be reverted: another one changed its rows since (named when the journal knows it). */
export class RevertConflict extends InputError {}

/**
 * Reverts `target` inside the change open now (which becomes its undo, or redo when the target was an undo): its
 * rows, newest first, are put back as they were before it, each checked first to be as the target left it. A row
 * changed since (by a later change, or outside crm), a cascade that would reach rows the target did not write, or a
 * row whose parent is gone, and nothing is reverted: RevertConflict, the caller's transaction rolls back.
 */
export function revertChange(db: Db, target: Change): ChangeKind {
  const current = openChangeId(db);
  if (current === undefined) throw new Error('a change is reverted inside a change of its own');
  if (target.revertedBy !== null) throw new InputError(`#${target.id} was already reverted by #${target.revertedBy}`);
  const rows = changeRows(db, target.id);
  db.pragma('defer_foreign_keys = ON'); // rows come back in reverse order; checked below, and by SQLite at COMMIT
  const putBack: { shape: TableShape; image: Image }[] = [];
  for (const row of [...rows].reverse()) {
    const shape = shapeOf(db, row.table);
    const where = (row.after ?? row.before)!;
    const now = currentImage(db, shape, where);
    if (!sameRow(shape, now, row.after)) {
      // Changed since; or, for a row to bring back, its id taken by another row: name whoever wrote that one.
      throw conflict(db, target, shape, now ?? where, 'changed');
    }
    if (row.op === 'insert') deleteRow(db, shape, where);
    else if (row.op === 'delete') insertRow(db, shape, row.before!);
    else updateRow(db, shape, row.after!, row.before!);
    if (row.before) putBack.push({ shape, image: row.before });
  }
  // A delete that cascaded to rows the target did not write (a later interaction of a client it added...).
  // (A natural key the target changed names the row by its old key in the target, by its new one in the revert.)
  const targetRows = new Set(rows.flatMap((r) => [r.before, r.after].filter((image) => image !== null).map((image) => `${r.table}\0${rowKeyOf(shapeOf(db, r.table), image)}`)));
  const cascaded = changeRows(db, current).find((r) => !targetRows.has(`${r.table}\0${r.key}`));
  if (cascaded) throw conflict(db, target, shapeOf(db, cascaded.table), (cascaded.before ?? cascaded.after)!, 'wrote');
  // A row put back whose parent is gone (the client of an interaction brought back was removed since).
  for (const { shape, image } of putBack) {
    for (const [column, parent] of shape.parents) {
      const id = image[camel(column)];
      if (id === null || id === undefined || db.prepare(`SELECT 1 FROM main.${q(parent)} WHERE id = ?`).get(id)) continue;
      throw conflict(db, target, shapeOf(db, parent), { id, uid: image[uidKeyOf(column)] }, 'removed');
    }
  }
  const kind: ChangeKind = target.kind === 'undo' ? 'redo' : 'undo';
  db.prepare('UPDATE change SET kind = ?, reverts = ? WHERE id = ?').run(kind, target.id, current);
  return kind;
}

function keyWhere(shape: TableShape, image: Image): { sql: string; values: unknown[] } {
  return {
    sql: shape.key.map((column) => `${q(column)} = ?`).join(' AND '),
    values: shape.key.map((column) => image[camel(column)]),
  };
}

function currentImage(db: Db, shape: TableShape, where: Image): Image | null {
  const key = keyWhere(shape, where);
  const row = db.prepare(`SELECT ${imageSql(shape, 'r')} AS image FROM main.${q(shape.name)} AS r WHERE ${key.sql}`).get(...key.values) as
    | { image: string }
    | undefined;
  return row ? (JSON.parse(row.image) as Image) : null;
}

/** The same row: every column of the table alike (uid included; the uids of the rows it points to follow from their ids). */
function sameRow(shape: TableShape, a: Image | null, b: Image | null): boolean {
  if (a === null || b === null) return a === b;
  return shape.columns.every((column) => a[camel(column)] === b[camel(column)]);
}

function insertRow(db: Db, shape: TableShape, image: Image): void {
  db.prepare(`INSERT INTO main.${q(shape.name)} (${shape.columns.map(q).join(', ')}) VALUES (${shape.columns.map(() => '?').join(', ')})`).run(
    shape.columns.map((column) => image[camel(column)] ?? null),
  );
}

function updateRow(db: Db, shape: TableShape, now: Image, to: Image): void {
  const key = keyWhere(shape, now);
  db.prepare(`UPDATE main.${q(shape.name)} SET ${shape.columns.map((c) => `${q(c)} = ?`).join(', ')} WHERE ${key.sql}`).run(
    ...shape.columns.map((column) => to[camel(column)] ?? null),
    ...key.values,
  );
}

function deleteRow(db: Db, shape: TableShape, image: Image): void {
  const key = keyWhere(shape, image);
  db.prepare(`DELETE FROM main.${q(shape.name)} WHERE ${key.sql}`).run(...key.values);
}

const TABLE_WORDS: Record<BookTable, string> = {
  setting: 'setting', client: 'client', client_tag: 'tag', interaction: 'interaction', bid: 'bid', conflict_topic: 'conflict topic',
  conflict_event: 'conflict', appreciation: 'appreciation', need: 'need', voice: 'need of yours', invoice: 'invoice',
  payment: 'payment', follow_up: 'follow-up', reminder_state: 'reminder',
};

/** A row as a person knows it: `interaction #17`, `tag "vip"`, `setting health.weight.bids`. */
function rowLabel(shape: TableShape, image: Image): string {
  const word = TABLE_WORDS[shape.name];
  if (shape.hasUid) return `${word} #${String(image.id)}`;
  const own = shape.key.filter((column) => !shape.parents.has(column)).map((column) => String(image[camel(column)]));
  return `${word} "${own.join(' ')}"`;
}

/**
 * One line naming the change in the way: the newest one after the target that wrote the row (`how`: it changed a row
 * the target wrote, wrote a row the revert would cascade to, or removed the row a row put back belongs to).
 */
function conflict(db: Db, target: Change, shape: TableShape, image: Image, how: 'changed' | 'wrote' | 'removed'): RevertConflict {
  const row = rowLabel(shape, image);
  const key = rowKeyOf(shape, image);
  const by = db
    .prepare(
      `SELECT c.id, c.summary FROM change_row w JOIN change c ON c.id = w.change_id
       WHERE w.tbl = ? AND w.row_key = ? AND c.id > ? AND c.summary != '' ORDER BY c.id DESC LIMIT 1`,
    )
    .get(shape.name, key, target.id) as { id: number; summary: string } | undefined;
  const verb = target.kind === 'undo' ? 'redo' : 'undo';
  const head = `cannot ${verb} #${target.id} (${sentence(target.summary)})`;
  const what = {
    changed: `changed ${row} since`,
    wrote: `changed ${row}, which ${verb === 'undo' ? 'undoing' : 'redoing'} #${target.id} would remove too`,
    removed: `removed ${row}, which a row of #${target.id} belongs to`,
  }[how];
  if (by) return new RevertConflict(`${head}: #${by.id} (${sentence(by.summary)}) ${what}; crm undo ${by.id} first. Nothing was changed.`);
  return new RevertConflict(`${head}: ${row} is not as #${target.id} left it, and the journal does not say why (changed outside crm?). Nothing was changed.`);
}

/** A summary inside a sentence: without its final full stop. */
const sentence = (summary: string) => summary.replace(/\.$/, '');

/** Finds change ID for crm undo ID: one line and exit 3 when the journal does not hold it. */
export function findChange(db: Db, id: number): Change {
  const change = getChange(db, id);
  if (!change) throw new NotFoundError(`no change #${id} in the journal (crm undo --list shows the ${JOURNAL_KEEP} it keeps at most)`);
  return change;
}

/** Nothing left to undo or redo: exit 1. */
export function nothingTo(what: string): CrmError {
  return new CrmError('runtime', what);
}
