// crm undo and the journal behind it, in process (cli.ts main with captured streams): every command that changes the
// book is one change, summed up by the line it says; undoing every change of any sequence of commands gives back the
// book's exact rows, and redoing them the book after them.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Context, type Streams } from '../../src/context.js';
import { BOOK_TABLES } from '../../src/core/tables.js';
import { addClient } from '../../src/store/clients.js';
import { openBook } from '../../src/store/open.js';
import { DEFAULT_NOW } from '../helpers/cli.js';
import { crmInProcess } from '../helpers/in-process.js';

let dir: string;
/** The demo book: twelve clients with a history, written as a bulk load, with nothing in its journal. */
let demo: string;
let copies = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-undo-'));
  demo = join(dir, 'demo.db');
  const made = await crmInProcess(['--db', demo, 'demo'], { db: demo });
  expect(made.code, made.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the demo book to change. */
function demoCopy(): string {
  const path = join(dir, `book-${++copies}.db`);
  copyFileSync(demo, path);
  return path;
}

/** Every row of every table of the book at `path`, in a stable order. */
function rowsOf(path: string): Record<string, string[]> {
  const { db } = openBook(path, { mode: 'read' });
  try {
    return Object.fromEntries(BOOK_TABLES.map((table) => [table, (db.prepare(`SELECT * FROM ${table}`).all() as unknown[]).map((row) => JSON.stringify(row)).sort()]));
  } finally {
    db.close();
  }
}

interface JournalEntry { id: number; command: string; summary: string; kind: string; reverts: number | null; revertedBy: number | null; rowCount: number }

async function journalOf(path: string): Promise<JournalEntry[]> {
  const listed = await crmInProcess(['undo', '--list', '--limit', '1000', '--json'], { db: path });
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout) as JournalEntry[];
}

const VCARD = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ärger\r\nEMAIL:zoe@example.org\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Max Muster\r\nEND:VCARD\r\n';

/** Words standing for the id of the newest (open) bid, follow-up, need of yours or need of the book, when the command runs. */
const OPEN = { bid: '<open bid>', followUp: '<open follow-up>', voice: '<open voice>' };
const NEWEST = { bid: '<newest bid>', followUp: '<newest follow-up>', voice: '<newest voice>', need: '<newest need>' };

async function newestOpen(path: string, arg: string): Promise<string> {
  const list = {
    [OPEN.bid]: ['bid', 'list', '--open'], [OPEN.followUp]: ['followup', 'list'], [OPEN.voice]: ['voice', 'list'],
    [NEWEST.bid]: ['bid', 'list'], [NEWEST.followUp]: ['followup', 'list', '--all'], [NEWEST.voice]: ['voice', 'list'], [NEWEST.need]: ['need', 'list'],
  }[arg];
  if (!list) return arg;
  const items = JSON.parse((await crmInProcess([...list, '--json'], { db: path })).stdout) as { id: number; outcome?: string }[];
  const open = arg === OPEN.voice ? items.filter((item) => item.outcome === 'open') : items;
  return String(open.sort((a, b) => a.id - b.id).at(-1)!.id);
}

describe('every command that changes the book', () => {
  // Each changes the demo book as it stands after the ones before it.
  const COMMANDS: { args: string[]; input?: string }[] = [
    { args: ['client', 'add', 'Zeta Labs', '--tag', 'new'] },
    { args: ['client', 'edit', 'zeta', '--cadence', '2w', '--tag', 'key'] },
    { args: ['client', 'end', 'zeta', '--reason', 'done'] },
    { args: ['client', 'reopen', 'zeta'] },
    { args: ['log', 'globex', '-m', 'weekly call', '--bid', 'send the numbers?', '--conflict', 'scope', '--appreciation', 'thanks', '--need', 'a report', '--follow-up', '3d', '--voice', 'pay in 14 days'] },
    { args: ['bid', 'answer', OPEN.bid] },
    { args: ['topic', 'resolve', 'globex', 'scope'] },
    { args: ['invoice', 'add', 'globex', '1500', '--number', 'INV-900'] },
    { args: ['invoice', 'pay', 'INV-900', '--amount', '500'] },
    { args: ['invoice', 'add', 'globex', '99', '--number', 'INV-901'] },
    { args: ['invoice', 'void', 'INV-901'] },
    { args: ['followup', 'add', 'globex', '5d', 'send the deck'] },
    { args: ['followup', 'done', OPEN.followUp] },
    { args: ['voice', 'add', 'globex', 'feedback on the draft'] },
    { args: ['voice', 'heard', OPEN.voice] },
    { args: ['voice', 'ignored', OPEN.voice] },
    { args: ['config', 'set', 'health.weight.bids', '30'] },
    { args: ['config', 'unset', 'health.weight.bids'] },
    { args: ['remind', 'snooze', 'follow-up-due:1', '3d'] },
    { args: ['remind', 'done', 'follow-up-due:1'] },
    { args: ['import', '-', '--format', 'vcf'], input: VCARD },
    // Corrections and removals (interaction #62 is the one logged above: the demo book has 61).
    { args: ['log', 'edit', '62', '--tone', '1', '-m', 'a better call'] },
    { args: ['bid', 'edit', NEWEST.bid, '--text', 'send the numbers, please'] },
    { args: ['followup', 'edit', NEWEST.followUp, '--text', 'send the deck, v2'] },
    { args: ['need', 'edit', NEWEST.need, '--kind', 'goal'] },
    { args: ['voice', 'edit', NEWEST.voice, '--text', 'feedback on the second draft'] },
    { args: ['invoice', 'edit', 'INV-901', '--note', 'voided by mistake'] },
    { args: ['invoice', 'unvoid', 'INV-901'] },
    { args: ['invoice', 'unpay', 'INV-900', '--yes'] },
    { args: ['bid', 'remove', NEWEST.bid, '--yes'] },
    { args: ['followup', 'remove', NEWEST.followUp, '--yes'] },
    { args: ['need', 'remove', NEWEST.need, '--yes'] },
    { args: ['voice', 'remove', NEWEST.voice, '--yes'] },
    { args: ['log', 'remove', '62', '--yes'] },
    { args: ['client', 'remove', 'zeta', '--yes'] },
  ];

  it('is one change in the journal, with the command and the line it said, and crm undo reverts just that', async () => {
    const path = demoCopy();
    const states = [rowsOf(path)];
    const said: { command: string; summary: string }[] = [];
    for (const { args: given, input } of COMMANDS) {
      const args = await Promise.all(given.map((arg) => newestOpen(path, arg)));
      const ran = await crmInProcess(args, { db: path, input });
      expect(ran.code, `crm ${args.join(' ')}: ${ran.stderr}`).toBe(0);
      const words = args[0] === 'import' || (args[0] === 'log' && !['edit', 'remove'].includes(args[1]!)) ? 1 : 2;
      said.push({ command: args.slice(0, words).join(' '), summary: ran.stderr.trim() });
      states.push(rowsOf(path));
    }
    const journal = (await journalOf(path)).reverse();
    expect(journal.map(({ id, command, summary, kind }) => ({ id, command, summary, kind }))).toEqual(said.map((s, i) => ({ id: i + 1, ...s, kind: 'command' })));
    expect(journal.every((change) => change.rowCount > 0)).toBe(true);
    // Undone newest first, each undo goes back exactly one command.
    for (let i = COMMANDS.length; i > 0; i--) {
      const undone = await crmInProcess(['undo'], { db: path });
      expect(undone.code, undone.stderr).toBe(0);
      expect(undone.stderr).toBe(`Undid #${i} (2026-11-23 10:00): ${said[i - 1]!.summary}\n`);
      expect(rowsOf(path), `after undoing crm ${COMMANDS[i - 1]!.args.join(' ')}`).toEqual(states[i - 1]);
    }
  });

  it('says the same summary with -q (nothing said) and with --json (the item on stdout); a failing one adds nothing', async () => {
    const path = demoCopy();
    const quiet = await crmInProcess(['-q', 'followup', 'add', 'globex', '3d', 'call back'], { db: path });
    const json = await crmInProcess(['client', 'add', 'Beta', '--json'], { db: path });
    const failing = await crmInProcess(['invoice', 'pay', 'NO-SUCH'], { db: path });
    expect([quiet.code, quiet.stderr, json.code, json.stderr, failing.code]).toEqual([0, '', 0, '', 3]);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'Beta' });
    expect((await journalOf(path)).map((c) => c.summary)).toEqual([`Added Beta (client #${JSON.parse(json.stdout).id}).`, expect.stringMatching(/^Follow-up #\d+ with Globex Corporation on 2026-11-26\.$/)]);
  });

  it('a whole book imported into an empty one is not journaled (nor is the demo book)', async () => {
    const exported = await crmInProcess(['export'], { db: demo });
    const path = join(dir, 'imported.db');
    const imported = await crmInProcess(['import', '-', '--format', 'json'], { db: path, input: exported.stdout });
    expect(imported.code, imported.stderr).toBe(0);
    expect(await journalOf(path)).toEqual([]);
    expect(await journalOf(demo)).toEqual([]);
    const nothing = await crmInProcess(['undo'], { db: path });
    expect([nothing.code, nothing.stderr]).toEqual([1, 'crm: nothing to undo: the journal holds no change that is not undone yet (crm undo --list)\n']);
  });
});

describe('crm undo', () => {
  /** crm in process on a new book of its own: run, ok (exit 0 or the test fails), and failing (exit code and one line). */
  function newBook() {
    const path = join(dir, `new-${++copies}.db`);
    const run = (args: string[]) => crmInProcess(args, { db: path });
    const ok = async (args: string[]) => {
      const ran = await run(args);
      expect(ran.code, `crm ${args.join(' ')}: ${ran.stderr}`).toBe(0);
      return { ...ran, json: () => JSON.parse(ran.stdout) };
    };
    const failing = async (args: string[], code: number, message: RegExp) => {
      const ran = await run(args);
      expect({ code: ran.code, stdout: ran.stdout }).toEqual({ code, stdout: '' });
      expect(ran.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(message)]);
    };
    return { run, ok, failing };
  }

  it('reverts the last change and says what; --json prints the change reverted with its rows; redo brings it back', async () => {
    const { ok } = newBook();
    await ok(['client', 'add', 'Acme', '--tag', 'vip']);
    await ok(['log', 'acme', '-m', 'kick-off', '--bid', 'send the quote']);
    const undone = await ok(['undo', '--json']);
    expect(undone.stderr).toBe('');
    const change = undone.json();
    expect(change).toMatchObject({
      id: 2,
      uid: expect.stringMatching(/^[0-9a-f]{32}$/),
      at: '2026-11-23T09:00:00.000Z',
      command: 'log',
      summary: 'Logged call with Acme (interaction #1); bid #1 open, reply by 2026-11-24 10:00.',
      kind: 'command',
      reverts: null,
      revertedBy: 3,
      rowCount: 2,
    });
    const clientUid = (await ok(['export'])).json().tables.client[0].uid;
    expect(change.rows).toEqual([
      {
        table: 'interaction',
        key: expect.stringMatching(/^[0-9a-f]{32}$/),
        op: 'insert',
        before: null,
        after: {
          id: 1, uid: change.rows[0].key, clientId: 1, clientUid, at: '2026-11-23T09:00:00.000Z', channel: 'call', fromClient: false, tone: 0,
          summary: 'kick-off', horsemen: '', repair: false, feedback: false,
        },
      },
      expect.objectContaining({ table: 'bid', op: 'insert', before: null, after: expect.objectContaining({ text: 'send the quote', interactionUid: change.rows[0].key }) }),
    ]);
    expect((await ok(['client', 'show', 'acme', '--json'])).json().latestInteractions).toEqual([]);

    const redone = await ok(['undo', '--redo']);
    expect(redone.stderr).toBe('Redid #2 (2026-11-23 10:00): Logged call with Acme (interaction #1); bid #1 open, reply by 2026-11-24 10:00.\n');
    const list = (await ok(['undo', '--list', '--ndjson'])).stdout.trim().split('\n').map((line) => JSON.parse(line) as JournalEntry);
    expect(list.map((c) => [c.id, c.kind, c.reverts, c.revertedBy])).toEqual([[4, 'redo', 3, null], [3, 'undo', 2, 4], [2, 'command', null, 3], [1, 'command', null, null]]);
    // A tag (a row without a uid) is named by its client's uid and its text.
    await ok(['undo']);
    const added = (await ok(['undo', '--json'])).json();
    expect(added).toMatchObject({ id: 1, summary: 'Added Acme (client #1).' });
    expect(added.rows).toContainEqual({ table: 'client_tag', key: [clientUid, 'vip'], op: 'insert', before: null, after: { clientId: 1, clientUid, tag: 'vip' } });
  });

  it('an older change whose rows a later one changed: exit 2 naming it, nothing changed; unknown change: exit 3; bad flags: exit 2', async () => {
    const { ok, failing } = newBook();
    await ok(['client', 'add', 'Acme']);
    await ok(['log', 'acme', '--bid', 'send the quote']);
    await ok(['bid', 'answer', '1']);
    const before = (await ok(['export'])).stdout;
    await failing(['undo', '2'], 2, /^crm: cannot undo #2 \(Logged call with Acme \(interaction #1\); bid #1 open, reply by 2026-11-24 10:00\): #3 \(Bid #1 of Acme answered in time\) changed bid #1 since; crm undo 3 first\. Nothing was changed\.$/);
    expect((await ok(['export'])).stdout).toBe(before);
    await failing(['undo', '9'], 3, /^crm: no change #9 in the journal/);
    await failing(['undo', '2', '--redo'], 2, /give a change id or --redo, not both/);
    await failing(['undo', '--limit', '5'], 2, /--limit goes with --list/);
    await failing(['undo', '--list', '--limit', '0'], 2, /--limit "0" must be a whole number from 1 to 1000/);
    // Reverted once: the undo (or a redo) reverts it back, not a second undo.
    await ok(['undo']);
    await failing(['undo', '3'], 2, /^crm: #3 \(Bid #1 of Acme answered in time\) was already reverted by #4; crm undo 4 brings it back$/);
    // A new command after an undo ends what can be redone.
    await ok(['client', 'add', 'Globex']);
    await failing(['undo', '--redo'], 1, /^crm: nothing to redo: #5 \(Added Globex \(client #2\)\) was made after the last undo/);
  });
});

describe('crm undo --clear', () => {
  it('forgets the journal (asking first, or with --yes): a removed client cannot come back, nothing else changes', async () => {
    const path = demoCopy();
    const run = (args: string[]) => crmInProcess(args, { db: path });
    expect((await run(['client', 'remove', 'globex', '--yes'])).code).toBe(0);
    const removed = rowsOf(path);
    const refused = await run(['undo', '--clear']);
    expect([refused.code, refused.stderr]).toEqual([2, 'crm: clearing the journal forgets 1 change for good: add --yes to confirm (no terminal to ask on)\n']);
    const cleared = await run(['undo', '--clear', '--yes']);
    expect([cleared.code, cleared.stderr]).toEqual([0, 'Cleared the journal: 1 change forgotten; nothing done so far can be undone.\n']);
    expect(rowsOf(path)).toEqual(removed);
    expect(await journalOf(path)).toEqual([]);
    const { db } = openBook(path, { mode: 'read' });
    expect(db.prepare('SELECT count(*) FROM change_row').pluck().get()).toBe(0);
    db.close();
    expect((await run(['undo'])).code).toBe(1);
    expect((await run(['undo', '--clear', '--yes'])).stderr).toBe('The journal is empty already.\n');
  });
});

describe('Context', () => {
  const sink = { write: () => true };
  const contextOn = (path: string) =>
    new Context({ stdout: sink, stderr: sink, stdin: {} } as unknown as Streams, { CRM_DB: path, CRM_NOW: DEFAULT_NOW }, () => ({}));

  it('refuses a write after the command spoke, unless it asks for the book again (or asked through prompts/confirm.ts)', () => {
    const path = demoCopy();
    const ctx = contextOn(path);
    try {
      const db = ctx.book('update');
      ctx.info('Asking something.');
      expect(() => addClient(db, { name: 'Late', since: '2026-01-01', createdAt: 0 })).toThrow(/readonly/);
      addClient(ctx.book('update'), { name: 'Later', since: '2026-01-01', createdAt: 0 });
      ctx.resumeWrite(); // what confirm() does after the answer: harmless when the change is open already
      ctx.done('Added Later.');
    } finally {
      ctx.close();
    }
    const { db } = openBook(path, { mode: 'read' });
    expect(db.prepare(`SELECT summary FROM change`).pluck().all()).toEqual(['Added Later.']);
    db.close();
  });
});

describe('undoing every change of any sequence of commands', () => {
  // Mostly rows the demo book has in the state each command changes (open bids, unpaid invoices...), some not.
  const client = fc.constantFrom('globex', 'hooli', 'cyberdyne', 'initech', '3');
  const text = fc.constantFrom('weekly call', 'ünïcode 😀', 'send "it"', 'scope creep');
  const command = fc.oneof(
    fc.tuple(client, text).map(([c, t]) => ['log', c, '-m', t, '--bid', `${t}?`, '--need', t]),
    fc.tuple(client, text).map(([c, t]) => ['log', c, '--conflict', t, '--repair', '--follow-up', '2d', '--voice', t]),
    client.map((c) => ['log', c, '--answer', '--appreciation', 'gift']),
    text.map((t) => ['client', 'add', t]),
    client.map((c) => ['client', 'edit', c, '--tag', 'vip', '--cadence', '2w', '--note', 'n']),
    client.map((c) => ['client', 'end', c]),
    client.map((c) => ['client', 'reopen', c]),
    client.map((c) => ['client', 'remove', c, '--yes']),
    fc.constantFrom('7', '8', '9', '16', '17').map((id) => ['bid', 'answer', id]),
    fc.constantFrom(['globex', 'scope creep'], ['hooli', 'ownership of the code']).map(([c, t]) => ['topic', 'resolve', c!, t!]),
    client.map((c) => ['invoice', 'add', c, '1500']),
    fc.constantFrom('INV-6', 'INV-7', 'INV-16', 'INV-20', 'INV-1').map((n) => ['invoice', 'pay', n, '--amount', '10']),
    fc.constantFrom('INV-6', 'INV-7', 'INV-16').map((n) => ['invoice', 'void', n]),
    fc.constantFrom('1', '2').map((id) => ['followup', 'done', id]),
    fc.constantFrom(['config', 'set', 'health.weight.bids', '35'], ['config', 'unset', 'health.weight.bids'], ['undo'], ['undo', '--redo']).map((args) => [...args]),
  );

  it('gives back the book as it was; redoing them gives back the book after them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 6 }), async (commands) => {
        const path = demoCopy();
        const before = rowsOf(path);
        for (const args of commands) {
          const rowsBefore = rowsOf(path);
          const ran = await crmInProcess(args, { db: path });
          // A command refused (a bid answered already, a client removed by an earlier command...) changes nothing.
          if (ran.code !== 0) expect(rowsOf(path), `crm ${args.join(' ')}: ${ran.stderr}`).toEqual(rowsBefore);
        }
        const after = rowsOf(path);
        const repeat = async (args: string[]) => {
          for (let left = 20; ; left--) {
            const ran = await crmInProcess(args, { db: path });
            if (ran.code === 1) return expect(ran.stderr).toMatch(/^crm: nothing to (undo|redo)/);
            expect(ran.code, ran.stderr).toBe(0);
            expect(left).toBeGreaterThan(0);
          }
        };
        await repeat(['undo']);
        expect(rowsOf(path)).toEqual(before);
        // (An undo among the commands was itself undone above: what it had undone cannot be redone.)
        if (commands.some((args) => args[0] === 'undo')) return;
        await repeat(['undo', '--redo']);
        expect(rowsOf(path)).toEqual(after);
      }),
      { numRuns: 6, seed: 10 },
    );
  });
});
