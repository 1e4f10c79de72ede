// crm log with no client: asks step by step on a terminal (driven through a pseudo-terminal),
// and fails at once, creating nothing, when there is no terminal.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook } from '../helpers/cli.js';
import { KEY, PtySession } from '../helpers/pty.js';

const yes = `y${KEY.enter}`;
const no = `n${KEY.enter}`;

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

function addClients(): { acme: number; globex: number; umbrella: number } {
  const add = (name: string, company: string) => book.ok(['client', 'add', name, '--company', company, '--json']).json<{ id: number }>().id;
  return {
    acme: add('Acme GmbH', 'Acme Holding'),
    globex: add('Globex', 'Globex Corporation'),
    umbrella: add('Umbrella', 'Umbrella Corp'),
  };
}

function fingerprint(): string {
  return createHash('sha256').update(readFileSync(book.path)).digest('hex');
}

describe('crm log on a terminal', () => {
  it('asks for everything and logs it', async () => {
    const { umbrella } = addClients();
    const crm = start();
    await pickClient(crm, 'umb', 'Umbrella');
    await crm.answer('Channel', KEY.down.repeat(3) + KEY.enter); // call, meeting, video, email
    await crm.answer('Summary', `quarterly review${KEY.enter}`);
    await crm.answer('How did it feel?', KEY.down + KEY.enter); // neutral -> positive
    await crm.answer('Did they initiate it?', yes);
    await crm.answer('Did they ask for something (a bid)?', yes);
    await crm.answer('What did they ask for?', `can you send the Q3 numbers?${KEY.enter}`);
    await crm.answer('Was it a complaint?', no);
    await crm.answer('Was there a conflict?', no);
    await crm.answer('Did you show appreciation?', no);
    await crm.answer('Did they show appreciation?', no);
    await crm.answer('Did they give feedback on your work?', no);
    await crm.answer('Did you raise a need of your own?', KEY.enter); // optional: skipped
    await crm.answer('Follow up?', yes);
    await crm.answer('When?', `soon${KEY.enter}`);
    // A bad date is explained on the spot and can be corrected.
    await crm.answer('follow-up "soon" is not a date', KEY.backspace.repeat(4) + `2w${KEY.enter}`);
    const { code, transcript } = await crm.exit();

    expect(code, transcript).toBe(0);
    expect(transcript).toContain('Logged email with Umbrella (interaction #1)');
    expect(transcript).not.toContain('open bid'); // no open bid before: not asked
    expect(transcript).not.toContain('did they hear it'); // no need of yours waiting: not asked

    const client = book.ok(['client', 'show', String(umbrella), '--json']).json();
    expect(client.latestInteractions).toHaveLength(1);
    expect(client.latestInteractions[0]).toMatchObject({
      channel: 'email',
      summary: 'quarterly review',
      tone: 1,
      fromClient: true,
      feedback: false,
      repair: false,
      at: '2026-11-23T09:00:00.000Z',
    });
    const bids = book.ok(['bid', 'list', '--json']).json();
    expect(bids).toMatchObject([
      { client: { id: umbrella }, text: 'can you send the Q3 numbers?', kind: 'question', status: 'open', interactionId: client.latestInteractions[0].id },
    ]);
    const followUps = book.ok(['followup', 'list', '--json']).json();
    expect(followUps).toMatchObject([{ client: { id: umbrella }, due: '2026-12-07', text: 'Follow up: quarterly review' }]);
  });

  it('answers the open bid, and skips the questions whose flags were given', async () => {
    const { acme } = addClients();
    book.ok(['log', 'acme', '--at', '2026-11-20', '--from-client', '--bid', 'can you send the Q3 numbers?']);
    const crm = start(['--channel', 'email', '-m', 'sent the numbers']);
    await pickClient(crm, 'acme', 'Acme GmbH');
    await crm.answer('Channel', KEY.enter); // defaults to the --channel given
    await crm.answer('How did it feel?', KEY.enter);
    await crm.answer('Did they initiate it?', no);
    await crm.answer('Did they ask for something (a bid)?', no);
    await crm.answer('Was it a complaint?', no);
    await crm.answer('Their open bid from 2026-11-20, "can you send the Q3 numbers?": does this answer it?', yes);
    await crm.answer('Was there a conflict?', yes);
    await crm.answer('What was it about', `deadlines${KEY.enter}`);
    await crm.answer('Did you make a repair attempt?', yes);
    await crm.answer('Did you show appreciation?', yes);
    await crm.answer('How?', KEY.down.repeat(2) + KEY.enter); // thanks, compliment, gift
    await crm.answer('Did they show appreciation?', no);
    await crm.answer('Did they give feedback on your work?', yes);
    await crm.answer('Did you raise a need of your own?', KEY.enter);
    await crm.answer('Follow up?', no);
    const { code, transcript } = await crm.exit();

    expect(code, transcript).toBe(0);
    expect(transcript).not.toContain('Summary');
    expect(transcript).toContain('Logged email with Acme GmbH (interaction #2); answered bid #1 late; conflict "deadlines" raised 1×, repair noted; appreciation shown (gift).');

    const client = book.ok(['client', 'show', String(acme), '--json']).json();
    expect(client.openBids).toEqual([]);
    const latest = client.latestInteractions.find((i: { id: number }) => i.id === 2);
    expect(latest).toMatchObject({ channel: 'email', summary: 'sent the numbers', tone: 0, fromClient: false, feedback: true, repair: true });
    expect(book.ok(['bid', 'list', '--json']).json()).toMatchObject([{ id: 1, status: 'late', response: 'toward', answerInteractionId: 2 }]);
    expect(book.ok(['topic', 'list', '--json']).json()).toMatchObject([{ topic: 'deadlines', timesRaised: 1, repaired: true }]);
    expect(book.ok(['followup', 'list', '--json']).json()).toEqual([]);
  });

  it('asks whether a need of yours waiting for an answer was heard, and for a new one', async () => {
    addClients();
    book.ok(['voice', 'add', 'globex', 'pay within 14 days', '--at', '2026-11-20']);
    const crm = start(['--channel', 'call', '-m', 'invoice terms', '--tone', '1', '--from-client']);
    await pickClient(crm, 'glob', 'Globex');
    await crm.answer('Channel', KEY.enter);
    for (const question of ['a bid', 'complaint', 'conflict', 'Did you show appreciation?', 'Did they show appreciation?', 'feedback']) {
      await crm.answer(question, no);
    }
    await crm.answer('You asked for "pay within 14 days" on 2026-11-20: did they hear it?', yes);
    await crm.answer('Did you raise a need of your own?', `a day's notice for calls${KEY.enter}`);
    await crm.answer('Follow up?', no);
    const { code, transcript } = await crm.exit();

    expect(code, transcript).toBe(0);
    expect(transcript).toContain(`Logged call with Globex (interaction #1); raised "a day's notice for calls" (voice #2); heard: "pay within 14 days" (voice #1).`);
    const voices = book.ok(['voice', 'list', 'globex', '--json']).json();
    expect(voices).toMatchObject([
      { id: 1, text: 'pay within 14 days', outcome: 'heard', outcomeAt: '2026-11-23T09:00:00.000Z', interactionId: null },
      { id: 2, text: "a day's notice for calls", outcome: 'open', interactionId: 1 },
    ]);
  });

  it.each([
    ['Ctrl+C on a choice', KEY.ctrlC, false],
    ['Ctrl+D on an empty line', KEY.ctrlD, true],
  ])('%s stops the questions and logs nothing', async (_, key, toSummary) => {
    addClients();
    const before = fingerprint();
    const crm = start();
    await pickClient(crm, 'glob', 'Globex');
    if (toSummary) {
      await crm.answer('Channel', KEY.enter);
      await crm.answer('Summary', key);
    } else {
      await crm.answer('Channel', key);
    }
    const { code, transcript } = await crm.exit();

    expect(transcript).toContain('Nothing logged.');
    expect(code, transcript).toBe(130);
    expect(fingerprint()).toBe(before);
    expect(book.ok(['bid', 'list', '--json']).json()).toEqual([]);
    expect(book.ok(['client', 'show', 'globex', '--json']).json().latestInteractions).toEqual([]);
  });

  it('with no clients yet, says how to add one and creates no book', async () => {
    const { code, transcript } = await start().exit();
    expect(code).toBe(2);
    expect(transcript).toContain('no clients yet: add one with crm client add');
    expect(existsSync(book.path)).toBe(false);
  });
});

describe('crm log without a terminal', () => {
  it('exits 2 at once naming the missing <client>, and creates no book', () => {
    const result = book.run(['log']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing argument <client>');
    expect(result.stdout).toBe('');
    expect(existsSync(book.path)).toBe(false);
  });
});
