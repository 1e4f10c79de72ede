// A whole book's interactions summed client by client, inside SQLite's own scan of the table: a JavaScript
// aggregate function runs the core's DigestBuilder (core/score/digest.ts) on each row, so a million rows are never
// turned into objects, and the formulas live in one place only. The rows the explanations name are kept too.
import { DigestBuilder, RowsAtHand, termsOfFields, type DigestPlan, type InteractionDigest, type RowsWanted, type Slot } from '../core/score/digest.js';
import { HORSEMEN, type Channel, type Horseman, type Interaction } from '../core/types.js';
import type { Db } from './open.js';

export interface InteractionsRead {
  digest: InteractionDigest;
  /** the rows the explanations name (all of them when no RowsWanted was given) */
  rows: Interaction[];
}

const NO_HORSEMEN: readonly Horseman[] = [];

/** The horsemen column: the canonical comma-separated list of the four words, or empty (most rows). */
export function parseHorsemen(text: string): readonly Horseman[] {
  if (text === '') return NO_HORSEMEN;
  return text.split(',').filter((h): h is Horseman => (HORSEMEN as readonly string[]).includes(h));
}

interface Accumulator {
  builder: DigestBuilder;
  rows: RowsAtHand;
}

let functions = 0;

/**
 * Reads every client's interactions (or one client's) for `plan`, in client order: the digest and the rows the
 * explanations want. Rows after the latest cutoff are left out of the sums (and kept only if named). An aggregate
 * function registered for this reading does the work in SQLite's scan; it returns a handle to each client's result
 * (SQL hands back numbers, not objects).
 */
export function* readInteractions(
  db: Db,
  plan: DigestPlan,
  wanted: RowsWanted,
  clientId?: number,
): Generator<[clientId: number, read: InteractionsRead]> {
  const repaired = new Set(
    (db.prepare('SELECT interaction_id FROM conflict_event WHERE repaired = 1 AND interaction_id IS NOT NULL').raw().all() as [number][]).map(
      ([id]) => id,
    ),
  );
  const results = new Map<number, InteractionsRead>();
  let handles = 0;
  const name = `crm_digest_${++functions}`;
  // One record for the row and one for its terms, reused for every row of the scan.
  const row: Slot = { id: 0, at: 0, channel: 'other', fromClient: false, tone: 0, horsemen: [], repair: false, feedback: false };
  const terms = termsOfFields('other', false, 0, [], false, false);
  db.aggregate(name, {
    start: () => null as Accumulator | null,
    // The type declarations know only two-argument steps; better-sqlite3 passes every argument of the call.
    step: ((acc: Accumulator | null, clientId: number, id: number, at: number, channel: Channel, fromClient: number, tone: number,
      horsemenText: string, feedback: number, repair: number) => {
      const state = acc ?? { builder: new DigestBuilder(plan), rows: new RowsAtHand(wanted, plan.cutoffs[0]!, clientId) };
      row.id = id;
      row.at = at;
      row.channel = channel;
      row.fromClient = fromClient === 1;
      row.tone = tone;
      row.horsemen = parseHorsemen(horsemenText);
      row.repair = repair === 1;
      row.feedback = feedback === 1;
      termsOfFields(channel, row.fromClient, tone, row.horsemen, row.feedback, row.repair || repaired.has(id), terms);
      state.builder.add(at, row.horsemen, terms);
      state.rows.add(row, terms);
      return state;
    }) as unknown as (acc: Accumulator | null, next: unknown) => Accumulator,
    result: (acc: Accumulator | null) => {
      if (!acc) return null;
      results.set(++handles, { digest: acc.builder.finish(), rows: acc.rows.rows() });
      return handles;
    },
  });
  const where = clientId === undefined ? '' : 'WHERE client_id = ?';
  const statement = db.prepare(
    `SELECT client_id, ${name}(client_id, id, at, channel, from_client, tone, horsemen, feedback, repair)
     FROM interaction ${where} GROUP BY client_id ORDER BY client_id`,
  );
  const rows = (clientId === undefined ? statement.raw().iterate() : statement.raw().iterate(clientId)) as IterableIterator<[number, number]>;
  for (const [id, handle] of rows) {
    const read = results.get(handle)!;
    results.delete(handle);
    yield [id, read];
  }
}
