import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/core/dates.js';
import { INVOICE_STATUSES, invoiceState, matchesStatusFilter, totalsByCurrency } from '../../../src/core/invoices.js';
import type { Invoice, Payment } from '../../../src/core/types.js';

const TODAY = '2026-11-23';

function invoice(overrides: Partial<Invoice> = {}, payments: [number, string][] = []): Invoice {
  return {
    id: 1,
    clientId: 1,
    number: 'INV-1',
    amountMinor: 100_000,
    currency: 'EUR',
    issued: '2026-10-01',
    due: '2026-10-31',
    voided: false,
    note: null,
    payments: payments.map(([amountMinor, paidOn], i): Payment => ({ id: i + 1, invoiceId: 1, amountMinor, paidOn })),
    ...overrides,
  };
}

describe('invoiceState', () => {
  it('is open before the due date with nothing paid', () => {
    expect(invoiceState(invoice({ due: '2026-12-01' }), TODAY)).toEqual({
      paidMinor: 0, balanceMinor: 100_000, status: 'open', daysOverdue: 0,
    });
  });

  it('is still open on the due date itself', () => {
    expect(invoiceState(invoice({ due: TODAY }), TODAY)).toMatchObject({ status: 'open', daysOverdue: 0 });
  });

  it('is overdue the day after the due date, counting days', () => {
    expect(invoiceState(invoice({ due: '2026-11-22' }), TODAY)).toMatchObject({ status: 'overdue', daysOverdue: 1 });
    expect(invoiceState(invoice(), TODAY)).toMatchObject({ status: 'overdue', daysOverdue: 23 });
  });

  it('adds partial payments up', () => {
    const state = invoiceState(invoice({ due: '2026-12-01' }, [[30_000, '2026-11-01'], [20_050, '2026-11-10']]), TODAY);
    expect(state).toEqual({ paidMinor: 50_050, balanceMinor: 49_950, status: 'partly-paid', daysOverdue: 0 });
  });

  it('is overdue rather than partly paid once the due date has passed with money still due', () => {
    expect(invoiceState(invoice({}, [[10_000, '2026-11-01']]), TODAY)).toMatchObject({ status: 'overdue', balanceMinor: 90_000, daysOverdue: 23 });
  });

  it('is paid when payments cover the amount, even if late, and is then not overdue', () => {
    expect(invoiceState(invoice({}, [[60_000, '2026-11-01'], [40_000, '2026-11-20']]), TODAY)).toEqual({
      paidMinor: 100_000, balanceMinor: 0, status: 'paid', daysOverdue: 0,
    });
  });

  it('is void whatever its dates, never overdue, and owed nothing', () => {
    expect(invoiceState(invoice({ voided: true }), TODAY)).toEqual({ paidMinor: 0, balanceMinor: 0, status: 'void', daysOverdue: 0 });
    expect(invoiceState(invoice({ voided: true, due: '2026-12-01' }), TODAY)).toMatchObject({ status: 'void', balanceMinor: 0 });
  });

  it('does not count payments dated after today yet', () => {
    const later = invoice({}, [[100_000, '2026-11-24']]);
    expect(invoiceState(later, TODAY)).toMatchObject({ paidMinor: 0, status: 'overdue', daysOverdue: 23 });
    expect(invoiceState(later, '2026-11-24')).toMatchObject({ paidMinor: 100_000, status: 'paid' });
  });

  it('as of a past day, is overdue by the days up to then', () => {
    expect(invoiceState(invoice(), '2026-11-05')).toMatchObject({ status: 'overdue', daysOverdue: 5 });
    expect(invoiceState(invoice(), '2026-10-15')).toMatchObject({ status: 'open', daysOverdue: 0 });
  });

  it('keeps paid + balance = amount and a known status for any payments that do not overpay', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: -60, max: 60 })), { maxLength: 5 }),
        fc.integer({ min: -90, max: 90 }),
        (raw, dueOffset) => {
          const payments = raw.map(([amount, day]): [number, string] => [amount, addDays(TODAY, day)]);
          const state = invoiceState(invoice({ due: addDays(TODAY, dueOffset) }, payments), TODAY);
          expect(INVOICE_STATUSES).toContain(state.status);
          expect(state.paidMinor + state.balanceMinor).toBe(100_000);
          expect(state.daysOverdue > 0).toBe(state.status === 'overdue');
        },
      ),
    );
  });
});

describe('matchesStatusFilter', () => {
  it('takes --status open as anything with money still due', () => {
    expect(['open', 'partly-paid', 'overdue'].every((s) => matchesStatusFilter(s as never, 'open'))).toBe(true);
    expect(matchesStatusFilter('paid', 'open')).toBe(false);
    expect(matchesStatusFilter('void', 'open')).toBe(false);
  });

  it('matches the other filters exactly', () => {
    expect(matchesStatusFilter('overdue', 'overdue')).toBe(true);
    expect(matchesStatusFilter('open', 'overdue')).toBe(false);
    expect(matchesStatusFilter('paid', 'paid')).toBe(true);
    expect(matchesStatusFilter('void', 'void')).toBe(true);
    expect(matchesStatusFilter('paid', 'void')).toBe(false);
    expect(matchesStatusFilter('partly-paid', 'partly-paid')).toBe(true);
    expect(matchesStatusFilter('overdue', 'partly-paid')).toBe(false);
  });
});

describe('totalsByCurrency', () => {
  const item = (currency: string, amountMinor: number, paidMinor: number, status: (typeof INVOICE_STATUSES)[number] = 'open') => ({
    currency, amountMinor, paidMinor, balanceMinor: status === 'void' ? 0 : amountMinor - paidMinor, status,
  });

  it('adds each currency on its own, never one to another, and leaves void invoices out', () => {
    expect(
      totalsByCurrency([item('USD', 1_200_050, 0, 'overdue'), item('EUR', 480_000, 0), item('EUR', 150_000, 50_000, 'partly-paid'), item('EUR', 150_000, 0, 'void')]),
    ).toEqual([
      { currency: 'EUR', invoices: 2, amountMinor: 630_000, paidMinor: 50_000, balanceMinor: 580_000 },
      { currency: 'USD', invoices: 1, amountMinor: 1_200_050, paidMinor: 0, balanceMinor: 1_200_050 },
    ]);
    expect(totalsByCurrency([item('EUR', 150_000, 0, 'void')])).toEqual([]);
  });
});
