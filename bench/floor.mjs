#!/usr/bin/env node
// The SQL floor of `crm health` on a book: a plain Node script that reads the same book with better-sqlite3 and one
// per-client aggregate per table (decayed tone sums, bid counts, invoice sums), prints one JSON line per client and
// nothing else. crm does far more (eight components, caps, the trend, words); this is what reading the book costs.
// Usage: node bench/floor.mjs BOOK [NOW_ISO]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const [book, nowIso = new Date().toISOString()] = process.argv.slice(2);
if (!book) {
  process.stderr.write('usage: node bench/floor.mjs BOOK [NOW_ISO]\n');
  process.exit(2);
}
const now = Date.parse(nowIso);
const db = new Database(book, { readonly: true, fileMustExist: true });
const halfLifeMs = 60 * 86_400_000;
const perClient = new Map();
const entry = (id) => {
  let e = perClient.get(id);
  if (!e) perClient.set(id, (e = { id, tone: 0, bids: 0, invoiced: 0, paid: 0 }));
  return e;
};
for (const [id, tone] of db.prepare(`SELECT client_id, total(tone * pow(0.5, (? - at) / ?)) FROM interaction WHERE at <= ? GROUP BY client_id`).raw().iterate(now, halfLifeMs, now)) {
  entry(id).tone = tone;
}
for (const [id, bids] of db.prepare('SELECT client_id, count(*) FROM bid GROUP BY client_id').raw().iterate()) entry(id).bids = bids;
for (const [id, invoiced, paid] of db
  .prepare('SELECT i.client_id, total(i.amount_minor), total((SELECT total(p.amount_minor) FROM payment p WHERE p.invoice_id = i.id)) FROM invoice i GROUP BY i.client_id')
  .raw()
  .iterate()) {
  Object.assign(entry(id), { invoiced, paid });
}
const lines = [];
for (const e of perClient.values()) lines.push(JSON.stringify(e));
process.stdout.write(`${lines.join('\n')}\n`);
