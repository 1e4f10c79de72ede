// Invoices: overdue ones, and ones coming due (DESIGN.md section 5).
import { addDays, daysBetween } from '../dates.js';
import { invoiceState } from '../invoices.js';
import { count, money, onDate, possessive, reminder, shellWord } from './text.js';
import type { Reminder, Scope } from './types.js';

/** More days overdue than this is urgent. */
const URGENT_OVERDUE_DAYS = 30;

export function* invoiceReminders(scope: Scope): Generator<Reminder> {
  const { facts, moment, settings } = scope;
  const today = moment.today;
  // The due-soon setting is when the reminder starts; --within can look further ahead, never less far.
  const dueSoonUntil = addDays(today, Math.max(settings['remind.invoice.due.soon.days'], scope.withinDays));
  const name = facts.client.name;
  for (const invoice of facts.invoices) {
    if (invoice.voided || invoice.issued > today) continue; // void, or not issued yet as of today
    const { balanceMinor } = invoiceState(invoice, today);
    if (balanceMinor <= 0) continue;
    const number = shellWord(invoice.number);
    const open = money(balanceMinor, invoice.currency, scope);
    const fingerprint = `${invoice.number}:${balanceMinor}`;
    if (invoice.due < today) {
      const late = daysBetween(invoice.due, today);
      yield reminder(scope, 'invoice-overdue', invoice.number, {
        severity: late > URGENT_OVERDUE_DAYS ? 'urgent' : 'soon',
        date: invoice.due,
        message: `${possessive(name)} invoice ${invoice.number} is ${count(late, 'day')} overdue: ${open} still open.`,
        action: `crm invoice pay ${number} when it arrives, or send ${name} a friendly reminder`,
        fingerprint,
      });
    } else if (invoice.due <= dueSoonUntil) {
      yield reminder(scope, 'invoice-due-soon', invoice.number, {
        severity: 'info',
        date: invoice.due,
        message: `${possessive(name)} invoice ${invoice.number} is due ${onDate(invoice.due, today)}: ${open} open.`,
        action: `Check ${name} has what they need to pay ${invoice.number}; crm invoice pay ${number} when it arrives`,
        fingerprint,
      });
    }
  }
}
