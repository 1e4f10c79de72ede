// crm log on a terminal (driven through a pseudo-terminal): asks what happened when no flag says it, shows it on one
// screen to confirm, edit or cancel; fails at once, or logs what the flags say, when there is no terminal.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook } from '../helpers/cli.js';
import { crmInProcess } from '../helpers/in-process.js';
import { KEY, PtySession } from '../helpers/pty.js';

let book: TempBook;
let session: PtySession | undefined;

beforeEach(() => {
  book = new TempBook();
});

afterEach(() => {
  session?.kill();
  session = undefined;
  book.cleanup();
});

function start(args: string[] = []): PtySession {
  session = new PtySession(['log', ...args], { env: { CRM_DB: book.path }, now: book.now });
  return session;
}

/** Types part of a name, waits until the list has narrowed to the client, picks it. */
async function pickClient(crm: PtySession, typed: string, name: string): Promise<void> {
  await crm.answer('Which client?', typed);
  await crm.expect(`Which client? ${typed}`);
  await crm.expect(`❯ ${name}`);
  crm.send(KEY.enter);
  await crm.expect(`Which client? ${name}`);
}

/** Sets up and reads the book in this process (what the terminal shows is the test; the rest need not spawn). */
async function ok(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const result = await crmInProcess(args, { db: book.path });
  if (result.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

async function json(args: string[]): Promise<any> {
  return JSON.parse((await ok([...args, '--json'])).stdout);
}

async function addClients(): Promise<{ acme: number; globex: number; umbrella: number }> {
  const add = async (name: string, company: string) => (await json(['client', 'add', name, '--company', company])).id as number;
  return {
    acme: await add('Acme GmbH', 'Acme Holding'),
    globex: await add('Globex', 'Globex Corporation'),
    umbrella: await add('Umbrella', 'Umbrella Corp'),
  };
}

function fingerprint(): string {
  return createHash('sha256').update(readFileSync(book.path)).digest('hex');
}

/** The extras "What else happened?" offers, in order (an open request and a need of yours waiting only when there is one). */
const EXTRAS = {
  bid: 'they asked for something',
  complaint: 'they complained',
  answer: 'this answers their request',
  conflict: 'a conflict on a topic',
  appreciation: 'you showed appreciation',
  clientAppreciation: 'they showed appreciation',
  feedback: 'they gave feedback',
  need: 'you learned a need',
  voice: 'you raised a need of your own',
  heard: 'they heard your',
  followUp: 'you promised to follow up',
} as const;
type Extra = keyof typeof EXTRAS;

/** Picks extras by name in the checkbox (space on each), given which extras it offers, then submits. */
async function whatElse(crm: PtySession, offered: Extra[], picked: Extra[]): Promise<void> {
  await crm.expect('What else happened?');
  await crm.expect(EXTRAS[offered.at(-1)!]);
  let at = 0;
  let keys = '';
  for (const extra of picked) {
    const index = offered.indexOf(extra);
    keys += KEY.down.repeat(index - at) + ' ';
    at = index;
  }
  crm.send(keys + KEY.enter);
}

/** A line of the summary screen. */
const row = (label: string, value: string) => `  ${label.padEnd(14)}${value}`;

const PLAIN: Extra[] = ['bid', 'complaint', 'conflict', 'appreciation', 'clientAppreciation', 'feedback', 'need', 'voice', 'followUp'];

describe('crm log on a terminal', () => {
  it('asks for everything, reads "next friday", asks what was promised, shows it all to confirm, and logs it', async () => {
    const { umbrella } = await addClients();
    const crm = start();
    await pickClient(crm, 'umb', 'Umbrella');
    await crm.answer('When?', KEY.enter); // now
    await crm.answer('Channel', KEY.down.repeat(3) + KEY.enter); // call, meeting, video, email
    await crm.answer('Who started it?', KEY.down + KEY.enter); // they did
    await crm.answer('Summary', `quarterly review${KEY.enter}`);
    await crm.answer('How did it feel?', KEY.down + KEY.enter); // neutral -> positive
    await whatElse(crm, PLAIN, ['bid', 'followUp']);
    await crm.answer('What did they ask for?', `can you send the Q3 numbers?${KEY.enter}`);
    await crm.answer('Follow up when?', `soon${KEY.enter}`);
    // A bad date is explained on the spot and can be corrected, as is one before the interaction (crm log would
    // refuse it after the summary); the date read is shown with its weekday.
    await crm.answer('follow-up "soon" is not a date', KEY.backspace.repeat(4) + `2026-11-20${KEY.enter}`);
    await crm.answer('follow-up 2026-11-20 is before the interaction (2026-11-23)', KEY.backspace.repeat(10) + `next friday${KEY.enter}`);
    await crm.expect('next friday  → Fri 2026-12-04');
    await crm.answer('What will you follow up on?', `send the Q3 numbers${KEY.enter}`);
    const screen = await crm.expect('Save it?');
    expect(screen.slice(screen.lastIndexOf('About to log:'))).toContain(
      [
        'About to log:',
        row('Client', 'Umbrella'),
        row('When', 'Mon 2026-11-23 10:00'),
        row('Channel', 'email, they started it'),
        row('Summary', '"quarterly review"'),
        row('Tone', 'positive'),
        row('Request', '"can you send the Q3 numbers?", open until answered'),
        row('Follow-up', 'Fri 2026-12-04: "send the Q3 numbers"'),
      ].join('\n'),
    );
    crm.send(`y${KEY.enter}`);
    const { code, transcript } = await crm.exit();

    expect(code, transcript).toBe(0);
    expect(transcript).toContain('Logged email with Umbrella (interaction #1)');
    expect(transcript).not.toMatch(/repair|horsemen/); // not a hard moment: not asked

    const client = await json(['client', 'show', String(umbrella)]);
    expect(client.latestInteractions).toHaveLength(1);
    expect(client.latestInteractions[0]).toMatchObject({
      channel: 'email', summary: 'quarterly review', tone: 1, fromClient: true, feedback: false, repair: false, at: '2026-11-23T09:00:00.000Z',
    });
    expect(await json(['bid', 'list'])).toMatchObject([
      { client: { id: umbrella }, text: 'can you send the Q3 numbers?', kind: 'question', status: 'open', interactionId: client.latestInteractions[0].id },
    ]);
    expect(await json(['followup', 'list'])).toMatchObject([{ client: { id: umbrella }, due: '2026-12-04', text: 'send the Q3 numbers' }]);
  });

  it('crm log acme asks what happened instead of logging an empty call: when, the open request, your need, horsemen; edits before saving', async () => {
    const { acme } = await addClients();
    await ok(['log', 'acme', '--at', '2026-11-20', '--from-client', '--bid', 'can you send the Q3 numbers?']);
    await ok(['voice', 'add', 'acme', 'pay within 14 days', '--at', '2026-11-20']);
    const crm = start(['acme']);
    await crm.answer('When?', `yesterday 14:00${KEY.enter}`);
    await crm.expect('yesterday 14:00  → Sun 2026-11-22 14:00');
    await crm.answer('Channel', KEY.enter);
    await crm.answer('Who started it?', KEY.enter); // I did
    await crm.answer('Summary', `sent the numbers${KEY.enter}`);
    await crm.answer('How did it feel?', KEY.up + KEY.enter); // negative
    const offered: Extra[] = ['bid', 'complaint', 'answer', 'conflict', 'appreciation', 'clientAppreciation', 'feedback', 'need', 'voice', 'heard', 'followUp'];
    await whatElse(crm, offered, ['answer', 'need', 'heard']);
    await crm.answer('What did you learn?', KEY.down.repeat(2) + KEY.enter); // need, preference, goal
    await crm.answer('The goal, in a few words', `expand to Austria${KEY.enter}`);
    // A negative tone: the horsemen are offered (no conflict in the book or in this log: no repair to ask about).
    await crm.answer('Did any of the four horsemen show up?', ` ${KEY.enter}`); // criticism
    await crm.expect('Save it?');
    await crm.answer('Cancel: log nothing', `e${KEY.enter}`);
    await crm.answer('Edit which part?', KEY.down.repeat(4) + KEY.enter); // how it felt
    await crm.answer('How did it feel?', KEY.down + KEY.enter); // neutral
    const screen = await crm.expect('Save it?');
    const shown = screen.slice(screen.lastIndexOf('About to log:'));
    expect(shown).toContain(`${row('When', 'Sun 2026-11-22 14:00')}\n`);
    expect(shown).toContain(`${row('Tone', 'neutral')}\n`);
    expect(shown).toContain(`${row('Answers', 'their request of 2026-11-20: "can you send the Q3 numbers?"')}\n`);
    expect(shown).toContain(`${row('Horsemen', 'criticism')}\n`);
    expect(shown).toContain(`${row('Learned', 'goal: "expand to Austria"')}\n`);
    expect(shown).toContain(`${row('Heard', 'your "pay within 14 days"')}\n`);
    crm.send(KEY.enter); // yes is the default
    const { code, transcript } = await crm.exit();

    expect(code, transcript).toBe(0);
    expect(transcript).not.toContain('Which client?');
    expect(transcript).toContain('Logged call with Acme GmbH (interaction #2); answered bid #1 late; heard: "pay within 14 days" (need of yours #1).');
    const client = await json(['client', 'show', String(acme)]);
    expect(client.latestInteractions.find((i: { id: number }) => i.id === 2)).toMatchObject({
      at: '2026-11-22T13:00:00.000Z', channel: 'call', fromClient: false, summary: 'sent the numbers', tone: 0, horsemen: ['criticism'],
    });
    expect(client.openBids).toEqual([]);
    expect(client.needs).toMatchObject([{ kind: 'goal', text: 'expand to Austria' }]);
    expect(await json(['voice', 'list', 'acme'])).toMatchObject([{ id: 1, outcome: 'heard', interactionId: null }]);
  });

  it('skips the questions whose flags were given, and asks about a repair when there was a conflict', async () => {
    await addClients();
    const crm = start(['--channel', 'email', '-m', 'sent the numbers', '--at', 'yesterday']);
    await pickClient(crm, 'acme', 'Acme GmbH');
    await crm.answer('Who started it?', KEY.enter);
    await crm.answer('How did it feel?', KEY.enter);
    await whatElse(crm, PLAIN, ['conflict', 'appreciation']);
    await crm.answer('What was it about', `deadlines${KEY.enter}`);
    await crm.answer('How did you show it?', KEY.down.repeat(2) + KEY.enter); // thanks, compliment, gift
    await crm.answer('Did you make a repair attempt (on "deadlines")?', `y${KEY.enter}`);
    await crm.answer('Did any of the four horsemen show up?', KEY.enter);
    await crm.answer('Save it?', `y${KEY.enter}`);
    const { code, transcript } = await crm.exit();

    expect(code, transcript).toBe(0);
    expect(transcript).not.toMatch(/[?✔] (When\?|Channel|Summary)/);
    expect(transcript).toContain(`${row('When', 'Sun 2026-11-22 12:00')}\n`);
    expect(transcript).toContain('Logged email with Acme GmbH (interaction #1); conflict "deadlines" raised 1×, repair noted; appreciation shown (gift).');
    expect(await json(['topic', 'list'])).toMatchObject([{ topic: 'deadlines', timesRaised: 1, repaired: true }]);
  });

  it('logs at once, asking nothing, when a flag says what happened', async () => {
    await addClients();
    const { code, transcript } = await start(['globex', '-m', 'weekly call', '--tone', '1']).exit();
    expect(code, transcript).toBe(0);
    expect(transcript.trim()).toBe('Logged call with Globex (interaction #1).');
  });

  it.each([
    ['Ctrl+C on a choice', 'choice'],
    ['Ctrl+D on an empty line', 'line'],
    ['Cancel on the summary', 'summary'],
  ] as const)('%s stops and logs nothing (exit 130)', async (_, where) => {
    await addClients();
    const before = fingerprint();
    const crm = start(['globex']);
    await crm.answer('When?', where === 'line' ? KEY.ctrlD : KEY.enter);
    if (where !== 'line') await crm.answer('Channel', where === 'choice' ? KEY.ctrlC : KEY.enter);
    if (where === 'summary') {
      await crm.answer('Who started it?', KEY.enter);
      await crm.answer('Summary', KEY.enter);
      await crm.answer('How did it feel?', KEY.enter);
      await crm.answer('What else happened?', KEY.enter);
      await crm.answer('Save it?', `c${KEY.enter}`);
    }
    const { code, transcript } = await crm.exit();

    expect(transcript).toContain('Nothing logged.');
    expect(code, transcript).toBe(130);
    expect(fingerprint()).toBe(before);
    expect((await json(['client', 'show', 'globex'])).latestInteractions).toEqual([]);
  });

  it('with no clients yet, says how to add one and creates no book', async () => {
    const { code, transcript } = await start().exit();
    expect(code).toBe(2);
    expect(transcript).toContain('no clients yet: add one with crm client add');
    expect(existsSync(book.path)).toBe(false);
  });
});

describe('crm log without a terminal', () => {
  it('crm log acme logs what the flags say (an empty call), asking nothing', async () => {
    await addClients();
    expect(book.ok(['log', 'acme']).stderr).toBe('Logged call with Acme GmbH (interaction #1).\n');
  });

  it('exits 2 at once naming the missing <client>, and creates no book', () => {
    const result = book.run(['log']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing argument <client>');
    expect(result.stdout).toBe('');
    expect(existsSync(book.path)).toBe(false);
  });
});
