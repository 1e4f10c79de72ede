import { describe, expect, it } from 'vitest';
import type { PortfolioFigures } from '../../../src/core/remind/index.js';
import type { ClientFacts } from '../../../src/core/types.js';
import { appreciation, at, facts, invoice, noFigures, ofKind, one, run, settings } from './builders.js';

function health(score: number | null, previous: number | null): PortfolioFigures {
  return { ...noFigures(), health: new Map([[1, { score, previous }]]) };
}

describe('health-drop', () => {
  it('when the score fell by remind.health.drop or more', () => {
    const r = one(run(facts(), { figures: health(55, 70) }), 'health-drop');
    expect(r).toMatchObject({
      key: 'health-drop:1', severity: 'soon', date: '2026-11-20', fingerprint: '55',
      message: "Acme's health fell 15 points in 30 days, from 70 to 55.",
      action: 'See what changed with crm health Acme',
    });
    expect(run(facts(), { figures: health(56, 70) })).toEqual([]);
    expect(run(facts(), { figures: health(55, 70), settings: settings({ 'remind.health.drop': 20 }) })).toEqual([]);
  });

  it('not without both figures', () => {
    expect(run(facts(), { figures: health(null, 90) })).toEqual([]);
    expect(run(facts(), { figures: health(20, null) })).toEqual([]);
  });

  it('the fingerprint is the whole score, so fractional drift does not bring it back', () => {
    expect(one(run(facts(), { figures: health(40.2, 70) }), 'health-drop')!.fingerprint).toBe('40');
  });
});

describe('revenue-dependency', () => {
  const share = (value: number, currency: string | null = null): PortfolioFigures => ({
    ...noFigures(),
    revenueShare: new Map([[1, { share: value, currency }]]),
  });
  it('above remind.revenue.share, not at it', () => {
    expect(run(facts(), { figures: share(0.4) })).toEqual([]);
    expect(run(facts(), { figures: share(0.414) })[0]).toMatchObject({
      key: 'revenue-dependency:1', kind: 'revenue-dependency', severity: 'info', date: '2026-11-20', fingerprint: '0.41',
      message: 'Acme brings 41% of your revenue over 12 months; over 40% is a dependency risk.',
      action: 'Widen your client base so no single client carries the business; see crm health',
    });
    expect(run(facts(), { figures: share(0.5), settings: settings({ 'remind.revenue.share': 0.6 }) })).toEqual([]);
  });

  it('when the book bills in several currencies, names the currency the share is of', () => {
    expect(one(run(facts(), { figures: share(0.61, 'EUR') }), 'revenue-dependency')).toMatchObject({
      fingerprint: '0.61',
      message: 'Acme brings 61% of your EUR revenue over 12 months; over 40% is a dependency risk.',
    });
    expect(run(facts(), { figures: share(0.4, 'USD') })).toEqual([]);
  });
});

describe('year-end', () => {
  /** Client `id` invoiced `amount` (in minor units) on 2026-06-01. */
  function invoiced(id: number, amount: number, over: Partial<ClientFacts['client']> = {}, currency = 'EUR'): ClientFacts {
    return facts({
      client: { id, name: `Client ${String(id).padStart(2, '0')}`, ...over },
      invoices: [invoice(0, amount, [], { clientId: id, issued: '2026-06-01', due: '2026-07-01', currency, payments: [] })],
    });
  }
  const paidUp = (f: ClientFacts): ClientFacts => ({
    ...f,
    invoices: f.invoices.map((i) => ({ ...i, payments: [{ id: i.id, invoiceId: i.id, amountMinor: i.amountMinor, paidOn: '2026-07-01' }] })),
  });
  const book = (): ClientFacts[] => [1, 2, 3, 4, 5, 6, 7].map((id) => paidUp(invoiced(id, id * 100_000)));
  const yearEnd = (portfolio: ClientFacts[], date = '2026-12-03') =>
    ofKind(run(portfolio, { moment: at(date), within: 0 }), 'year-end');

  it('in December: the top remind.yearend.top clients by 12-month revenue, dated December 15', () => {
    const reminders = yearEnd(book());
    // Sorted like every list of reminders: same severity and date, so by client name.
    expect(reminders.map((r) => r.key)).toEqual([3, 4, 5, 6, 7].map((id) => `year-end:${id}:2026`));
    expect(reminders[4]).toMatchObject({ severity: 'info', date: '2026-12-15', fingerprint: '2026' });
    expect(reminders[4]!.message).toBe(
      'Client 07 is one of your top 5 clients (€7,000.00 invoiced in 12 months): a year-end thank-you is due.',
    );
    expect(yearEnd(book(), '2026-12-20')[0]!.date).toBe('2026-12-20');
    expect(yearEnd(book(), '2026-12-01')).toHaveLength(5);
    expect(yearEnd(book(), '2026-12-31')).toHaveLength(5);
    expect(yearEnd(book(), '2026-11-30')).toEqual([]);
  });

  it('a top client already thanked since December 1 is left out, and not replaced', () => {
    const portfolio = book();
    portfolio[6] = { ...portfolio[6]!, appreciations: [{ ...appreciation(0, 'to-client', { clientId: 7 }), at: at('2026-12-01', 9).at }] };
    expect(yearEnd(portfolio).map((r) => r.client.id)).toEqual([3, 4, 5, 6]);
    portfolio[6] = { ...portfolio[6]!, appreciations: [{ ...appreciation(0, 'to-client', { clientId: 7 }), at: at('2026-11-30').at }] };
    expect(yearEnd(portfolio).map((r) => r.client.id)).toEqual([3, 4, 5, 6, 7]);
  });

  it('only active clients are ranked; void and older invoices do not count', () => {
    const portfolio = book();
    portfolio[6] = paidUp(invoiced(7, 700_000, { status: 'paused' }));
    portfolio[5] = { ...portfolio[5]!, invoices: portfolio[5]!.invoices.map((i) => ({ ...i, voided: true })) };
    portfolio[4] = { ...portfolio[4]!, invoices: portfolio[4]!.invoices.map((i) => ({ ...i, issued: '2025-12-03' })) };
    expect(yearEnd(portfolio).map((r) => r.client.id)).toEqual([1, 2, 3, 4]);
  });

  it('ranks within the most common currency, never across currencies', () => {
    const portfolio = book();
    portfolio.push(paidUp(invoiced(8, 99_000_000, {}, 'JPY')));
    expect(yearEnd(portfolio).map((r) => r.client.id)).toEqual([3, 4, 5, 6, 7]);
  });

  it('honours remind.yearend.top', () => {
    const reminders = ofKind(run(book(), { moment: at('2026-12-03'), settings: settings({ 'remind.yearend.top': 1 }) }), 'year-end');
    expect(reminders.map((r) => r.client.id)).toEqual([7]);
    expect(reminders[0]!.message).toMatch(/^Client 07 is your top client/);
  });
});
