import { describe, expect, it } from 'vitest';
import { daysAgo, facts, invoice, later, one, payment, run, settings } from './builders.js';

describe('invoice-overdue', () => {
  it('appears once the due date has passed, dated on the due date', () => {
    const inv = invoice(1);
    const r = one(run(facts({ invoices: [inv] })), 'invoice-overdue');
    expect(r).toMatchObject({
      key: `invoice-overdue:${inv.number}`,
      client: { id: 1, name: 'Acme' },
      severity: 'soon',
      date: daysAgo(1),
      fingerprint: `${inv.number}:150000`,
    });
    expect(r!.message).toBe(`Acme's invoice ${inv.number} is 1 day overdue: €1,500.00 still open.`);
    expect(r!.action).toBe(`crm invoice pay ${inv.number} when it arrives, or send Acme a friendly reminder`);
  });

  it('is not overdue on its due date (it is due soon instead)', () => {
    const reminders = run(facts({ invoices: [invoice(0)] }));
    expect(one(reminders, 'invoice-overdue')).toBeUndefined();
    expect(one(reminders, 'invoice-due-soon')).toMatchObject({ severity: 'info', date: daysAgo(0) });
  });

  it('is soon up to 30 days overdue and urgent after', () => {
    expect(one(run(facts({ invoices: [invoice(30)] })), 'invoice-overdue')!.severity).toBe('soon');
    expect(one(run(facts({ invoices: [invoice(31)] })), 'invoice-overdue')!.severity).toBe('urgent');
  });

  it('disappears when paid, voided, or not issued yet', () => {
    expect(one(run(facts({ invoices: [invoice(5, 1000, [payment(2, 1000)])] })), 'invoice-overdue')).toBeUndefined();
    expect(one(run(facts({ invoices: [invoice(5, 1000, [], { voided: true })] })), 'invoice-overdue')).toBeUndefined();
    const future = invoice(-20, 1000, [], { issued: daysAgo(-1) });
    expect(run(facts({ invoices: [future] }), { within: 30 })).toEqual([]);
  });

  it('counts part payments in the fingerprint, and ignores payments dated after today', () => {
    const part = one(run(facts({ invoices: [invoice(5, 1000, [payment(2, 400)])] })), 'invoice-overdue')!;
    expect(part.fingerprint).toMatch(/:600$/);
    expect(part.message).toContain('€6.00 still open');
    const postdated = one(run(facts({ invoices: [invoice(5, 1000, [payment(-3, 1000)])] })), 'invoice-overdue')!;
    expect(postdated.fingerprint).toMatch(/:1000$/);
  });

  it('keeps its key and fingerprint as days pass; only the message changes', () => {
    const data = facts({ invoices: [invoice(3)] });
    const first = one(run(data), 'invoice-overdue')!;
    const second = one(run(data, { moment: later(40) }), 'invoice-overdue')!;
    expect(second.key).toBe(first.key);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.date).toBe(first.date);
    expect(second.message).not.toBe(first.message);
    expect(second.severity).toBe('urgent');
  });

  it('quotes an invoice number with spaces in the action', () => {
    const r = one(run(facts({ invoices: [invoice(3, 1000, [], { number: "A's 7" })] })), 'invoice-overdue')!;
    expect(r.key).toBe("invoice-overdue:A's 7");
    expect(r.action).toContain(`crm invoice pay 'A'\\''s 7'`);
  });
});

describe('invoice-due-soon', () => {
  it('covers due dates from today to remind.invoice.due.soon.days ahead, inclusive', () => {
    const at7 = invoice(-7);
    const at8 = invoice(-8);
    const reminders = run(facts({ invoices: [at7, at8] }));
    expect(reminders.map((r) => r.key)).toEqual([`invoice-due-soon:${at7.number}`]);
    expect(reminders[0]!.message).toBe(`Acme's invoice ${at7.number} is due on ${daysAgo(-7)}: €1,500.00 open.`);
  });

  it('starts on its own lead time even with a shorter --within, and looks further with a longer one', () => {
    const inv = invoice(-7);
    expect(run(facts({ invoices: [inv] }), { within: 0 })).toHaveLength(1);
    expect(run(facts({ invoices: [invoice(-12)] }), { within: 12 })).toHaveLength(1);
    expect(run(facts({ invoices: [invoice(-3)] }), { settings: settings({ 'remind.invoice.due.soon.days': 2 }), within: 0 })).toEqual([]);
  });

  it('ignores paid invoices', () => {
    expect(run(facts({ invoices: [invoice(-3, 1000, [payment(1, 1000)])] }))).toEqual([]);
  });
});
