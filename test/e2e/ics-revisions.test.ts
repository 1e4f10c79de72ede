// A calendar that caches events by UID takes a new text only when the event says it changed: LAST-MODIFIED and
// SEQUENCE, derived from the book (src/core/ics.ts). In-process; today is 2026-11-23 (CRM_NOW) in Europe/Berlin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, TempBook } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';
import { inProcessBook } from '../helpers/in-process.js';

let book: TempBook;
beforeAll(() => {
  book = new TempBook();
});
afterAll(() => book.cleanup());
const { ok } = inProcessBook(() => book.path);

const at = (iso: string) => ({ CRM_NOW: iso });
const feed = async (args: string[], now = DEFAULT_NOW) => {
  const { run } = inProcessBook(() => book.path);
  const result = await run(args, at(now));
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
};
const eventOf = (text: string, uid: string) => parseIcs(text).events.find((e) => e.uid === uid)!;

describe('calendar feeds say when an event changed', () => {
  it('remind --ics: "65 days overdue" becoming "66" is a new revision, dated at the local midnight', async () => {
    await ok('client', 'add', 'Acme', '--since', '2025-01-01');
    await ok('invoice', 'add', 'acme', '1200', '--issued', '2026-08-01', '--due', '2026-09-19');
    const today = await feed(['remind', '--ics']);
    const tomorrow = await feed(['remind', '--ics'], '2026-11-24T09:00:00Z');
    const before = eventOf(today, 'invoice-overdue:INV-1@crm');
    const after = eventOf(tomorrow, 'invoice-overdue:INV-1@crm');
    expect(before.summary).toContain('65 days overdue');
    expect(after.summary).toContain('66 days overdue');
    // The book last changed on 2026-11-23 at 10:00 (CRM_NOW): midnight in Berlin came after it on the 24th.
    expect(after.modified).toBe('2026-11-23T23:00:00Z');
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.stamp).toBe('2026-11-24T09:00:00Z');
    // The same book and clock, or the same book and --at, give the same bytes.
    expect(await feed(['remind', '--ics'])).toBe(today);
    expect(await feed(['remind', '--ics', '--at', '2026-11-24 10:00'], '2026-12-20T09:00:00Z')).toBe(tomorrow);
  });

  it('remind --ics: a change to the book during the day is a new revision at once', async () => {
    const morning = eventOf(await feed(['remind', '--ics'], '2026-11-24T08:00:00Z'), 'invoice-overdue:INV-1@crm');
    const { run } = inProcessBook(() => book.path);
    expect((await run(['invoice', 'pay', 'INV-1', '--amount', '200'], at('2026-11-24T08:30:00Z'))).code).toBe(0);
    const later = eventOf(await feed(['remind', '--ics'], '2026-11-24T09:00:00Z'), 'invoice-overdue:INV-1@crm');
    expect(later.summary).not.toBe(morning.summary);
    expect(later.modified).toBe('2026-11-24T08:30:00Z');
    expect(morning.modified).toBe('2026-11-23T23:00:00Z');
    expect(later.sequence).toBe(morning.sequence + 9 * 60 + 30);
  });

  it('followup list --ics: an edit of the text, or of the client name, is a new revision; nothing else is', async () => {
    const { run } = inProcessBook(() => book.path);
    const on = async (iso: string, ...args: string[]) => expect((await run(args, at(iso))).code).toBe(0);
    await on('2026-11-25T09:00:00Z', 'followup', 'add', 'acme', '2026-12-10', 'send the plan');
    const added = eventOf(await feed(['followup', 'list', '--ics'], '2026-11-25T12:00:00Z'), 'followup-1@crm');
    expect(added.modified).toBe('2026-11-25T09:00:00Z');
    // Days later, unchanged: the same revision, and a calendar has nothing to take.
    const unchanged = eventOf(await feed(['followup', 'list', '--ics'], '2026-11-28T12:00:00Z'), 'followup-1@crm');
    expect(unchanged).toMatchObject({ modified: added.modified, sequence: added.sequence });

    await on('2026-11-28T13:00:00Z', 'followup', 'edit', '1', '--text', 'send the revised plan');
    const edited = eventOf(await feed(['followup', 'list', '--ics'], '2026-11-28T13:05:00Z'), 'followup-1@crm');
    expect(edited).toMatchObject({ summary: 'Follow up with Acme: send the revised plan', modified: '2026-11-28T13:00:00Z' });
    expect(edited.sequence).toBeGreaterThan(added.sequence);

    await on('2026-11-28T14:00:00Z', 'client', 'edit', 'acme', '--name', 'Acme GmbH');
    const renamed = eventOf(await feed(['followup', 'list', '--ics'], '2026-11-28T14:05:00Z'), 'followup-1@crm');
    expect(renamed).toMatchObject({ summary: 'Follow up with Acme GmbH: send the revised plan', modified: '2026-11-28T14:00:00Z' });
    expect(renamed.sequence).toBe(edited.sequence + 60);
  });
});
