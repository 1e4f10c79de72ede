// Statements prepared once per connection, for the writes that run row by row (an import of 25,000 calls runs
// logInteraction 25,000 times). Preparing an INSERT compiles into it every trigger on its table, the journal's and
// the search index's: 0.3 ms a row, most of such an import's time. SQLite recompiles a kept statement by itself
// when the schema changes (the journal's triggers come and go with each change).
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './open.js';

const kept = new WeakMap<Db, Map<string, BetterSqlite3.Statement>>();

/** The statement for `sql` on this connection, prepared the first time. Never switch it to pluck(), raw() or expand(). */
export function prepared(db: Db, sql: string): BetterSqlite3.Statement {
  let statements = kept.get(db);
  if (!statements) kept.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}
