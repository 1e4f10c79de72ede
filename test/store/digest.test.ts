// A whole book is scored from interactions summed inside SQLite's scan (store/digest.ts) and only the rows the
// explanations name; one client from all its rows, summed in the core. Both must give the same report: checked
// on generated books, client by client, at the portfolio's evidence limit.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, momentOf } from '../../src/core/dates.js';
import { PORTFOLIO_EVIDENCE, assess } from '../../src/core/score/index.js';
import { CHANNELS, HORSEMEN, type Horseman } from '../../src/core/types.js';
import { addClient } from '../../src/store/clients.js';
import { clientFacts, portfolioFacts } from '../../src/store/facts.js';
import { logInteraction } from '../../src/store/interactions.js';
import { openBook, type Db } from '../../src/store/open.js';
import { readSettings } from '../../src/store/settings.js';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const MOMENT = momentOf(NOW);
const RUNS = { numRuns: Number(process.env.SCORE_RUNS ?? 60) };

let opened: Db | undefined;
afterEach(() => {
  opened?.close();
  opened = undefined;
});

const logArb = fc.record({
  client: fc.nat(3),
  hoursAgo: fc.integer({ min: -48, max: 300 * 24 }),
  channel: fc.constantFrom(...CHANNELS),
  fromClient: fc.boolean(),
  tone: fc.integer({ min: -2, max: 2 }),
  horsemen: fc.subarray([...HORSEMEN]),
  feedback: fc.boolean(),
  bid: fc.constantFrom(null, 'open', 'answered'),
  conflict: fc.constantFrom(null, 'pricing', 'scope'),
  repair: fc.boolean(),
});

/** A book with four clients and the interactions generated, logged as `crm log` would. */
type Log = typeof logArb extends fc.Arbitrary<infer T> ? T : never;

function bookOf(logs: Log[]): Db {
  const db = openBook(':memory:', { mode: 'read' }).db;
  opened = db;
  const ids = [0, 1, 2, 3].map((i) => addClient(db, { name: `Client ${i}`, since: '2025-06-01', createdAt: NOW - 400 * DAY_MS }).id);
  for (const log of logs) {
    const at = NOW - log.hoursAgo * HOUR_MS;
    logInteraction(db, {
      clientId: ids[log.client]!, at, channel: log.channel, fromClient: log.fromClient, tone: log.tone, summary: null,
      horsemen: log.horsemen as Horseman[], feedback: log.feedback,
      bids: log.bid ? [{ text: 'a request', kind: 'request' }] : [],
      answer: log.bid === 'answered' ? 'oldest' : null,
      conflictTopic: log.conflict, repair: log.conflict !== null && log.repair,
      appreciations: [], needs: [], followUp: null, voices: [], heard: null, now: Math.max(at, NOW),
    });
  }
  return db;
}

describe('the whole-book reading (SQL scan) and the one-client reading (all rows) agree', () => {
  for (const history of [false, true]) {
    it(`report by report${history ? ', with the sparkline' : ''}`, () => {
      fc.assert(
        fc.property(fc.array(logArb, { maxLength: 40 }), (logs) => {
          const db = bookOf(logs);
          const settings = readSettings(db);
          const options = { evidenceLimit: PORTFOLIO_EVIDENCE, history };
          for (const facts of portfolioFacts(db, {}, { moment: MOMENT, settings, history })) {
            const whole = assess(facts, MOMENT, settings, null, options);
            const one = assess(clientFacts(db, facts.client.id)!, MOMENT, settings, null, options);
            expect(whole).toStrictEqual(one);
          }
          db.close();
          opened = undefined;
        }),
        RUNS,
      );
    });
  }
});
