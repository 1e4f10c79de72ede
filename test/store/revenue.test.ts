// Revenue shares are summed in SQL: per client for a whole book, or one client against the rest of the book for
// `crm health <client>`. Both must give that client the share the core computes from the invoices themselves.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, DAY_MS, momentOf } from '../../src/core/dates.js';
import { revenueShares, revenueTallies, revenueWindow } from '../../src/core/score/index.js';
import { addClient } from '../../src/store/clients.js';
import { addInvoice, revenueTotals, voidInvoice } from '../../src/store/invoices.js';
import { openBook, type Db } from '../../src/store/open.js';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const MOMENT = momentOf(NOW);
const RUNS = { numRuns: Number(process.env.SCORE_RUNS ?? 60) };

let opened: Db | undefined;
afterEach(() => {
  opened?.close();
  opened = undefined;
});

const invoiceArb = fc.record({
  client: fc.nat(3),
  amountMinor: fc.integer({ min: 1, max: 5_000_000 }),
  currency: fc.constantFrom('EUR', 'EUR', 'USD', 'GBP'),
  daysAgo: fc.integer({ min: -5, max: 400 }),
  voided: fc.boolean(),
});

describe('revenue shares summed in SQL', () => {
  it('give each client, read alone or with the whole book, the share the core computes from the invoices', () => {
    fc.assert(
      fc.property(fc.array(invoiceArb, { maxLength: 40 }), (invoices) => {
        const db = openBook(':memory:', { mode: 'read' }).db;
        opened?.close();
        opened = db;
        const ids = [0, 1, 2, 3].map((i) => addClient(db, { name: `Client ${i}`, since: '2024-01-01', createdAt: NOW - 800 * DAY_MS }).id);
        const rows = invoices.map((inv, i) => {
          const issued = addDays(MOMENT.today, -inv.daysAgo);
          const number = `T-${i}`;
          const added = addInvoice(db, { clientId: ids[inv.client]!, number, amountMinor: inv.amountMinor, currency: inv.currency, issued, due: issued, note: null });
          if (inv.voided) voidInvoice(db, number, NOW);
          return { clientId: added.clientId, amountMinor: inv.amountMinor, currency: inv.currency, issued, voided: inv.voided };
        });
        const expected = revenueShares(revenueTallies(rows, MOMENT));
        const window = revenueWindow(MOMENT);
        const whole = revenueShares(revenueTotals(db, window));
        for (const id of ids) {
          const alone = revenueShares(revenueTotals(db, window, id)).get(id) ?? null;
          expect(whole.get(id) ?? null).toEqual(expected.get(id) ?? null);
          expect(alone).toEqual(expected.get(id) ?? null);
        }
      }),
      RUNS,
    );
  });
});
