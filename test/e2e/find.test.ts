// Issue 10, case 2: finding things again. `crm log list` (the timeline, with ids and filters), `crm search` (full-text,
// ranked, highlighted on a terminal), ids in `crm client show`, and every message that prints an id naming its kind.
// In-process (a Context with captured streams, exit codes as a process gives them); one spawned run for the help
// bin/crm answers from its table.
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileDigest, runCrm } from '../helpers/cli.js';
import { crmInProcess, type InProcessRun } from '../helpers/in-process.js';

let dir: string;
let book: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-find-'));
  book = join(dir, 'book.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const crm = (args: string[], env?: Record<string, string>): Promise<InProcessRun> => crmInProcess(args, { db: book, env });

async function ok(args: string[], env?: Record<string, string>): Promise<InProcessRun> {
  const run = await crm(args, env);
  if (run.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run;
}

/** One line on stderr, the exit code, nothing on stdout. */
function expectRefused(run: InProcessRun, code: number, message: RegExp): void {
  expect({ code: run.code, stdout: run.stdout, lines: run.stderr.trimEnd().split('\n').length }).toEqual({ code, stdout: '', lines: 1 });
  expect(run.stderr).toMatch(message);
}

let filled: string;
beforeAll(async () => {
  filled = join(mkdtempSync(join(tmpdir(), 'crm-find-filled-')), 'book.db');
  book = filled;
  await logAWeek();
});
afterAll(() => rmSync(join(filled, '..'), { recursive: true, force: true }));

/** The test's book holds two clients and a week of interactions, made once for the file. */
function fillBook(): void {
  expect(existsSync(`${filled}-wal`)).toBe(false);
  copyFileSync(filled, book);
}

/** Two clients and a week of interactions (CRM_NOW is 2026-11-23 10:00 in Berlin). */
async function logAWeek(): Promise<void> {
  await ok(['client', 'add', 'Acme GmbH', '--note', 'Prefers espresso; never call on Fridays']);
  await ok(['client', 'add', 'Globex']);
  await ok(['log', 'acme', '--at', '2026-11-16 10:00', '-m', 'kick-off for the Café launch', '--tone', '1']);
  await ok(['log', 'globex', '--at', '2026-11-17 11:00', '--from-client', '--channel', 'email', '--bid', 'send the Q3 numbers?']);
  await ok(['log', 'acme', '--at', '2026-11-18 09:30', '--complaint', 'the report was late', '--conflict', 'deadlines', '--horseman', 'criticism',
    '-m', 'the report\nwas late, again']);
  await ok(['log', 'globex', '--at', '2026-11-19 15:00', '--answer', '-m', 'sent the numbers', '--appreciation', 'thanks', '--follow-up', '3d']);
  await ok(['log', 'acme', '--at', '2026-11-20 16:00', '--channel', 'meeting', '--conflict', 'deadlines', '--repair', '--tone', '0', '-m', 'talked deadlines through',
    '--voice', 'pay within 14 days']);
}

describe('crm log list', () => {
  it('shows the timeline newest first: ids, local dates, who started it, tone, and what each carried before its summary', async () => {
    fillBook();
    const run = await ok(['log', 'list']);
    expect(run.stdout).toBe(
      [
        'ID  DATE        CLIENT     CHANNEL  BY      TONE  SUMMARY',
        ' 5  2026-11-20  Acme GmbH  meeting  you           [conflict, repair, voice] talked deadlines through',
        ' 4  2026-11-19  Globex     call     you           [answer, appreciation, follow-up] sent the numbers',
        ' 3  2026-11-18  Acme GmbH  call     you       -1  [complaint, conflict, criticism] the report was late, again',
        ' 2  2026-11-17  Globex     email    client        [bid]',
        ' 1  2026-11-16  Acme GmbH  call     you       +1  kick-off for the Café launch',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    // One client's timeline leaves out the client column.
    expect((await ok(['log', 'list', 'acme'])).stdout.split('\n').map((l) => l.slice(0, 30).trimEnd())).toEqual([
      'ID  DATE        CHANNEL  BY', ' 5  2026-11-20  meeting  you', ' 3  2026-11-18  call     you', ' 1  2026-11-16  call     you', '',
    ]);
  });

  it('prints JSON with what each interaction carried, and the ids the commands take', async () => {
    fillBook();
    const items = JSON.parse((await ok(['log', 'list', '--json'])).stdout);
    expect(items.map((i: { id: number }) => i.id)).toEqual([5, 4, 3, 2, 1]);
    expect(items[2]).toEqual({
      id: 3,
      client: { id: 1, name: 'Acme GmbH' },
      at: '2026-11-18T08:30:00.000Z',
      channel: 'call',
      fromClient: false,
      tone: -1,
      summary: 'the report\nwas late, again',
      horsemen: ['criticism'],
      repair: false,
      feedback: false,
      carried: ['bid', 'complaint', 'conflict', 'horseman'],
      bids: [{ id: 2, kind: 'complaint', text: 'the report was late', response: null }],
      answeredBids: [],
      conflicts: [{ topicId: 1, topic: 'deadlines', repaired: false }],
      appreciations: [],
      followUps: [],
      voices: [],
    });
    expect(items[1]).toMatchObject({
      carried: ['answer', 'appreciation', 'follow-up'],
      answeredBids: [{ id: 1, kind: 'question', text: 'send the Q3 numbers?' }],
      appreciations: [{ id: 1, direction: 'to-client', kind: 'thanks' }],
      followUps: [{ id: 1, due: '2026-11-26', text: 'Follow up: sent the numbers', done: false }],
    });
    expect(items[0]).toMatchObject({ carried: ['conflict', 'repair', 'voice'], voices: [{ id: 1, text: 'pay within 14 days', outcome: 'open' }] });
    const ndjson = (await ok(['log', 'list', 'globex', '--ndjson'])).stdout;
    expect(ndjson.split('\n').map((line) => (line ? JSON.parse(line).id : line))).toEqual([4, 2, '']);
  });

  it('filters by day, channel and what was carried (any of the kinds given); the newest N, saying how many more there are', async () => {
    fillBook();
    const ids = async (...args: string[]) => JSON.parse((await ok(['log', 'list', '--json', ...args])).stdout).map((i: { id: number }) => i.id);
    expect(await ids('--since', '2026-11-18', '--until', '2026-11-19')).toEqual([4, 3]);
    expect(await ids('--since', '2026-11-18 10:00')).toEqual([5, 4]);
    expect(await ids('--channel', 'email')).toEqual([2]);
    expect(await ids('--kind', 'bid')).toEqual([3, 2]); // a complaint is a bid
    expect(await ids('--kind', 'complaint', '--kind', 'repair')).toEqual([5, 3]);
    expect(await ids('--kind', 'horseman')).toEqual([3]);
    expect(await ids('acme', '--kind', 'answer')).toEqual([]);
    expect(await ids('--limit', '2')).toEqual([5, 4]);
    const limited = await ok(['log', 'list', '--limit', '2']);
    expect(limited.stdout.split('\n')).toHaveLength(4);
    expect(limited.stderr).toBe('The newest 2 of 5 interactions; --limit 0 for all of them.\n');
    expect((await ok(['log', 'list', '--limit', '0'])).stdout.split('\n')).toHaveLength(7);
    expect(await ok(['log', 'list', '--kind', 'feedback'])).toMatchObject({ stdout: '', stderr: 'No interaction matches these filters.\n' });
    expect((await ok(['log', 'list', '--kind', 'feedback', '--json'])).stdout).toBe('[]\n');
    expect((await ok(['log', 'list', '--kind', 'feedback', '--ndjson'])).stdout).toBe('');
  });

  it('refuses bad filters with one line, exit 2', async () => {
    fillBook();
    expectRefused(await crm(['log', 'list', '--since', '2026-11-20', '--until', '2026-11-18']), 2, /--since 2026-11-20 is after --until 2026-11-18/);
    expectRefused(await crm(['log', 'list', '--limit', 'ten']), 2, /--limit "ten" is not a number of rows/);
    expectRefused(await crm(['log', 'list', '--kind', 'gossip']), 2, /--kind.*gossip/);
    expectRefused(await crm(['log', 'list', '--since', 'someday']), 2, /--since "someday" is not a date/);
    expectRefused(await crm(['log', 'list', 'initech']), 3, /no client "initech"/);
  });

  it('is the timeline even with a client named "list", who is logged to by id; crm log\'s flags given to it are refused', async () => {
    await ok(['client', 'add', 'list']);
    // Before: `crm log list` logged an empty call with the client "list" (or said: no client "list").
    expect(await ok(['log', 'list'])).toMatchObject({ stdout: '', stderr: 'Nothing logged yet: crm log acme -m "weekly call"\n' });
    expect((await ok(['log', '1', '-m', 'by id'])).stderr).toBe('Logged call with list (interaction #1).\n');
    const before = fileDigest(book);
    const advice = 'to log with the client "list", give its id (crm log 1 ';
    for (const args of [['log', 'list', '-m', 'meant for the client'], ['log', '-m', 'meant for the client', 'list'], ['log', '--tone', '1', 'list']]) {
      const refused = await crm(args);
      expectRefused(refused, 2, /^crm: (-m|--summary|--tone) is a flag of "crm log", not of "crm log list": /);
      expect(refused.stderr).toContain(advice);
    }
    expect(fileDigest(book)).toBe(before);
    // Without such a client: a flag before the subcommand is refused (it would be lost), one after it is unknown to it.
    book = join(dir, 'other.db');
    expectRefused(await crm(['log', '--tone', '1', 'list']), 2, /^crm: --tone is a flag of "crm log", not of "crm log list": the flags of crm log list come after its name/);
    expectRefused(await crm(['log', 'list', '--tone', '1']), 2, /^crm: unknown option '--tone'/);
    book = join(dir, 'book.db');
    expect(JSON.parse((await ok(['log', 'ls', 'list', '--json'])).stdout).map((i: { summary: string }) => i.summary)).toEqual(['by id']);
    expect((await ok(['log', '--', 'list'])).stdout).toMatch(/^ID .*\n 1 .* by id\n$/); // -- changes nothing: still the timeline
  });
});

describe('crm search', () => {
  it('finds summaries, notes, bids, topics, promises and needs of yours by their words, whatever their accents, best first', async () => {
    fillBook();
    const run = await ok(['search', 'cafe']);
    expect(run.stdout).toBe('interaction #1  2026-11-16  Acme GmbH\n  kick-off for the Café launch\n');
    // bm25: the same word counts more in a shorter text.
    expect((await ok(['search', 'numbers'])).stdout).toBe(
      [
        'interaction #4  2026-11-19  Globex',
        '  sent the numbers',
        'bid #1  2026-11-17  Globex',
        '  send the Q3 numbers?',
        'follow-up #1  due 2026-11-26  Globex',
        '  Follow up: sent the numbers',
        '',
      ].join('\n'),
    );
    expect((await ok(['search', 'espresso'])).stdout).toBe('client #1 (note)  Acme GmbH\n  Prefers espresso; never call on Fridays\n');
    expect((await ok(['search', 'deadline'])).stdout).toBe( // the last word is the start of one
      'topic  last raised 2026-11-20  Acme GmbH\n  deadlines\ninteraction #5  2026-11-20  Acme GmbH\n  talked deadlines through\n',
    );
    expect((await ok(['search', 'pay', 'days'])).stdout).toBe('need of yours #1  2026-11-20  Acme GmbH\n  pay within 14 days\n');
    expect((await ok(['search', 'report', 'late'])).stdout.split('\n').filter((l) => !l.startsWith(' '))).toEqual(['bid #2  2026-11-18  Acme GmbH', 'interaction #3  2026-11-18  Acme GmbH', '']);
  });

  it('prints JSON: the row, its client and date, the text, a snippet and the words matched', async () => {
    fillBook();
    const hits = JSON.parse((await ok(['search', 'CAFÉ', '--json'])).stdout);
    expect(hits).toEqual([
      {
        kind: 'interaction', id: 1, field: 'summary', number: null, client: { id: 1, name: 'Acme GmbH' }, at: '2026-11-16T09:00:00.000Z',
        date: '2026-11-16', text: 'kick-off for the Café launch', snippet: 'kick-off for the Café launch', matches: ['Café'],
      },
    ]);
    const promise = JSON.parse((await ok(['search', 'follow', '--ndjson'])).stdout.trim());
    expect(promise).toMatchObject({ kind: 'follow-up', id: 1, at: null, date: '2026-11-26' });
  });

  it('keeps to one client with --client, and to the best N with --limit', async () => {
    fillBook();
    const kinds = async (...args: string[]) => JSON.parse((await ok(['search', ...args, '--json'])).stdout).map((h: { kind: string; id: number }) => `${h.kind} ${h.id}`);
    expect(await kinds('late', 'OR', 'numbers')).toHaveLength(5);
    expect(await kinds('late', 'OR', 'numbers', '--client', 'acme')).toEqual(['bid 2', 'interaction 3']);
    // Every kind of row is known by its client (the order is bm25's).
    expect((await kinds('numbers', 'OR', 'deadlines', 'OR', 'thanks', '--client', 'globex')).sort()).toEqual(['bid 1', 'follow-up 1', 'interaction 4']);
    expect((await kinds('espresso', 'OR', 'pay', 'OR', 'deadlines', '--client', 'acme')).sort()).toEqual(['client 1', 'interaction 5', 'topic 1', 'voice 1']);
    expect(await kinds('espresso', '--client', 'globex')).toEqual([]);
    expect(await kinds('late', 'OR', 'numbers', '--limit', '1')).toHaveLength(1);
    expect(await ok(['search', 'nothing-like-it'])).toMatchObject({ stdout: '', stderr: 'Nothing found for "nothing-like-it".\n' });
    expect((await ok(['search', 'glob'])).stderr).toBe(
      'Nothing found for "glob". Names are not searched: Globex is client #2 (crm log list 2, crm client show 2).\n',
    );
  });

  it('reads whatever is typed as words: quotes and operators never make an error', async () => {
    fillBook();
    expect((await ok(['search', 'acme OR "'])).stderr).toBe('Nothing found for "acme OR "".\n');
    expect((await ok(['search', 'numbers', 'OR', '"', '(', 'NEAR'])).stdout).toContain('bid #1');
    expect((await ok(['search', '"the report was"'])).stdout).toContain('interaction #3');
    expectRefused(await crm(['search', '"']), 2, /^crm: nothing to search for in """: give a word\n$/);
    expectRefused(await crm(['search', 'x', '--limit', '-1']), 2, /--limit/);
  });

  it('highlights the matched words on a terminal, and nowhere else', async () => {
    fillBook();
    const coloured = (await ok(['search', 'numbers'], { FORCE_COLOR: '1' })).stdout;
    expect(coloured).toContain('send the Q3 \x1b[1m\x1b[33mnumbers\x1b[39m\x1b[22m?');
    expect((await ok(['search', 'numbers'], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain('\x1b');
    expect((await ok(['search', 'numbers'])).stdout).not.toContain('\x1b');
  });

  it('follows what the commands change: an edited note, a removed client', async () => {
    fillBook();
    await ok(['client', 'edit', 'acme', '--note', 'switched to tea']);
    expect((await ok(['search', 'espresso'])).stdout).toBe('');
    expect((await ok(['search', 'tea'])).stdout).toContain('client #1 (note)');
    await ok(['client', 'end', 'globex', '--reason', 'moved in-house']);
    expect((await ok(['search', 'house'])).stdout).toBe('client #2 (why it ended)  Globex\n  moved in-house\n');
    await ok(['client', 'remove', 'globex', '--yes']);
    expect((await ok(['search', 'numbers', 'OR', 'house', '--json'])).stdout).toBe('[]\n');
  });
  it('finds what a crm export brought into a new book (indexed once the rows are in)', async () => {
    fillBook();
    const dump = join(dir, 'dump.json');
    writeFileSync(dump, (await ok(['export'])).stdout);
    book = join(dir, 'copy.db');
    await ok(['import', dump]);
    expect((await ok(['search', 'cafe'])).stdout).toBe('interaction #1  2026-11-16  Acme GmbH\n  kick-off for the Café launch\n');
    await ok(['log', 'globex', '-m', 'espresso for everyone']); // and the triggers are back
    expect((await ok(['search', 'espresso', '--json'])).stdout).toMatch(/"kind":"interaction","id":6.*"kind":"client","id":1/);
  });
});

describe('ids', () => {
  it('are named with their kind in every message, and shown for the interactions of a client card', async () => {
    expect((await ok(['client', 'add', 'Acme GmbH'])).stderr).toMatch(/^Added Acme GmbH \(client #1\)\.\n/); // then where the book was made
    expect((await ok(['log', 'acme', '-m', 'first', '--voice', 'pay within 14 days'])).stderr).toBe(
      'Logged call with Acme GmbH (interaction #1); raised "pay within 14 days" (need of yours #1).\n',
    );
    for (let i = 2; i <= 10; i++) await ok(['log', 'acme', '--at', `2026-11-${10 + i} 10:00`, '-m', `call ${i}`, ...(i === 4 ? ['--bid', 'a question?'] : [])]);
    const card = (await ok(['client', 'show', 'acme'])).stdout.split('\n');
    expect(card[0]).toBe('Acme GmbH (client #1)');
    const latest = card.slice(card.indexOf('Latest interactions') + 1);
    expect(latest).toEqual([
      '  #1 2026-11-23 call by you [voice]: first',
      '  #10 2026-11-20 call by you: call 10',
      '  #9 2026-11-19 call by you: call 9',
      '  #8 2026-11-18 call by you: call 8',
      '  #7 2026-11-17 call by you: call 7',
      '  #6 2026-11-16 call by you: call 6',
      '  #5 2026-11-15 call by you: call 5',
      '  #4 2026-11-14 call by you [bid]: call 4',
      '  #3 2026-11-13 call by you: call 3',
      '  #2 2026-11-12 call by you: call 2',
      '  Older ones: crm log list 1',
      '',
    ]);
    const json = JSON.parse((await ok(['client', 'show', 'acme', '--json'])).stdout);
    expect(json.latestInteractions[7]).toMatchObject({ id: 4, carried: ['bid'] });
    expect((await ok(['client', 'edit', '1', '--email', 'ops@acme.example'])).stderr).toBe('Updated Acme GmbH (client #1).\n');
  });
});

describe('help', () => {
  it('crm log --help names the timeline; bin/crm answers crm log list --help from its table', () => {
    expect(runCrm(['log', '--help']).stdout).toMatch(/\nCommands:\n {2}list\|ls \[options\] \[client\] +the timeline/);
    const help = runCrm(['log', 'list', '--help']);
    expect(help.stdout).toMatch(/^Usage: crm log list\|ls \[options\] \[client\]\n/);
    expect(help.stdout).toContain('  complaint    a complaint\n');
  });
});
