// Your own needs: crm log --voice/--heard, crm voice list|heard|ignored|add, and the needs on crm client show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest } from '../helpers/cli.js';

interface VoiceJson {
  id: number;
  client: { id: number; name: string };
  text: string;
  raisedAt: string;
  interactionId: number | null;
  outcome: string;
  outcomeAt: string | null;
  timesRaised: number;
  needIgnored: boolean;
}

// The tests run in order on one book, as a user's weeks would. CRM_NOW is 2026-11-23T09:00:00Z (10:00 in Berlin).
describe('your own needs', () => {
  let book: TempBook;
  beforeAll(() => {
    book = new TempBook();
    book.ok(['client', 'add', 'Acme', '--since', '2026-01-01']);
    book.ok(['client', 'add', 'Globex', '--since', '2026-01-01']);
  });
  afterAll(() => book.cleanup());

  it('says on stderr that none were raised yet', () => {
    const none = book.run(['voice', 'list']);
    expect(none).toMatchObject({ code: 0, stdout: '' });
    expect(none.stderr).toMatch(/None of your own needs raised yet\. Raise one with: crm log acme --voice/);
  });

  it('crm log --voice raises needs of yours, in the text summary and in the JSON', () => {
    expect(book.ok(['log', 'acme', '--at', '2026-11-02', '--voice', 'Pay within 14 days']).stderr).toBe(
      'Logged call with Acme (interaction #1); raised "Pay within 14 days" (need of yours #1).\n',
    );
    const logged = book.ok(['log', 'acme', '--at', '2026-11-09', '--voice', 'pay within 14 days', '--voice', 'feedback on the first draft', '--json']).json();
    expect(logged).toMatchObject({ id: 2, channel: 'call', bids: [], conflict: null, followUp: null, heardVoice: null });
    expect(logged.voices).toEqual([
      {
        id: 2, client: { id: 1, name: 'Acme' }, text: 'pay within 14 days', raisedAt: '2026-11-09T11:00:00.000Z', interactionId: 2,
        outcome: 'open', outcomeAt: null, timesRaised: 2, needIgnored: false,
      },
      {
        id: 3, client: { id: 1, name: 'Acme' }, text: 'feedback on the first draft', raisedAt: '2026-11-09T11:00:00.000Z', interactionId: 2,
        outcome: 'open', outcomeAt: null, timesRaised: 1, needIgnored: false,
      },
    ]);
    // A plain log says nothing of needs, and its JSON carries the new keys empty.
    expect(book.ok(['log', 'globex', '--at', '2026-11-03', '--json']).json()).toMatchObject({ voices: [], heardVoice: null });
  });

  it('crm log --heard marks the latest open need heard, or the one given, or the one raised in the same log', () => {
    const heard = book.ok(['log', 'acme', '--at', '2026-11-12', '-m', 'they will send feedback on Friday', '--heard', '--json']).json();
    expect(heard.heardVoice).toMatchObject({ id: 3, text: 'feedback on the first draft', outcome: 'heard', outcomeAt: '2026-11-12T11:00:00.000Z' });
    expect(heard.voices).toEqual([]);
    expect(book.ok(['log', 'acme', '--at', '2026-11-13', '--heard', '2']).stderr).toBe(
      'Logged call with Acme (interaction #5); heard: "pay within 14 days" (need of yours #2).\n',
    );
    expect(book.ok(['log', 'acme', '--at', '2026-11-14', '--voice', "a day's notice for calls", '--heard']).stderr).toBe(
      `Logged call with Acme (interaction #6); raised "a day's notice for calls" (need of yours #4); heard: "a day's notice for calls" (need of yours #4).\n`,
    );
  });

  it('crm log refuses a bad --voice or --heard (exit 2 or 3) and logs nothing', () => {
    const digest = fileDigest(book.path);
    expectError(book.run(['log', 'globex', '--heard']), 3, /--heard: no need of yours is waiting for an answer; raise one with --voice/);
    expectError(book.run(['log', 'acme', '--heard', '99']), 3, /--heard 99: no need of yours #99 with this client/);
    expectError(book.run(['log', 'globex', '--heard', '2']), 3, /no need of yours #2 with this client/);
    expectError(book.run(['log', 'acme', '--heard', 'two']), 2, /--heard "two" is not an id/);
    expectError(book.run(['log', 'acme', '--heard', '2']), 2, /--heard: need of yours #2 \("pay within 14 days"\) was already heard on 2026-11-13/);
    expectError(book.run(['log', 'acme', '--at', '2026-11-01', '--heard', '1']), 2, /need of yours #1 was raised on 2026-11-02 12:00: it cannot be heard before that/);
    expectError(book.run(['log', 'acme', '--voice', '  ']), 2, /--voice is empty/);
    expect(fileDigest(book.path)).toBe(digest);
  });

  it('crm voice add raises a need without an interaction; crm voice ignored marks a raising; twice unheard, the need is ignored', () => {
    expect(book.ok(['voice', 'add', 'globex', 'respect my hours', '--at', '2026-11-10']).stderr).toBe(
      'Raised "respect my hours" with Globex (need of yours #5). When they answer: crm voice heard 5, or crm voice ignored 5.\n',
    );
    const again = book.ok(['voice', 'add', 'globex', 'Respect my  hours', '--at', '2026-11-16', '--json']).json<VoiceJson>();
    expect(again).toMatchObject({ id: 6, interactionId: null, outcome: 'open', timesRaised: 2, needIgnored: false });
    // Raised again while open, then ignored: its last two raisings went unheard.
    expect(book.ok(['voice', 'ignored', '6', '--at', '2026-11-18']).stderr).toBe(
      'Need of yours #6 with Globex, "Respect my hours", ignored: raised 2× and not heard, it now counts as ignored.\n',
    );
    const globex = book.ok(['voice', 'list', 'globex', '--json']).json<VoiceJson[]>();
    expect(globex.map((v) => [v.id, v.outcome, v.outcomeAt, v.timesRaised, v.needIgnored])).toEqual([
      [5, 'open', null, 2, true],
      [6, 'ignored', '2026-11-18T11:00:00.000Z', 2, true],
    ]);
  });

  it('crm voice list prints every raising, oldest first, as a table, JSON or NDJSON', () => {
    const all = book.ok(['voice', 'list', '--json']).json<VoiceJson[]>();
    expect(all.map((v) => [v.id, v.client.name, v.outcome])).toEqual([
      [1, 'Acme', 'open'], [2, 'Acme', 'heard'], [3, 'Acme', 'heard'], [5, 'Globex', 'open'], [4, 'Acme', 'heard'], [6, 'Globex', 'ignored'],
    ]);
    expect(book.ok(['voice', 'ls', 'acme', '--ndjson']).stdout.trimEnd().split('\n').map((l) => JSON.parse(l).id)).toEqual([1, 2, 3, 4]);
    const text = book.ok(['voice', 'list', 'globex']).stdout.trimEnd().split('\n');
    expect(text[0]).toMatch(/^\s*ID\s+RAISED\s+CLIENT\s+OUTCOME\s+NEED\s+TEXT$/);
    expect(text[1]).toMatch(/^\s*5\s+2026-11-10\s+Globex\s+open\s+ignored\s+respect my hours$/);
    expect(text[2]).toMatch(/^\s*6\s+2026-11-16\s+Globex\s+ignored 2026-11-18\s+ignored\s+Respect my {2}hours$/);
    expect(text).toHaveLength(3);
  });

  it('crm voice heard corrects an ignored raising, and the need is no longer ignored', () => {
    const heard = book.ok(['voice', 'heard', '6', '--json']).json<VoiceJson>();
    expect(heard).toEqual({
      id: 6, client: { id: 2, name: 'Globex' }, text: 'Respect my  hours', raisedAt: '2026-11-16T11:00:00.000Z', interactionId: null,
      outcome: 'heard', outcomeAt: '2026-11-23T09:00:00.000Z', timesRaised: 2, needIgnored: false,
    });
  });

  it('refuses an unknown id (exit 3), bad input (exit 2), a time in the future or before the raising, and changes nothing', () => {
    const digest = fileDigest(book.path);
    expectError(book.run(['voice', 'heard', '99']), 3, /^crm: no need of yours #99; see crm voice list$/);
    expectError(book.run(['voice', 'ignored', '99']), 3, /no need of yours #99/);
    expectError(book.run(['voice', 'heard', 'first']), 2, /need of yours "first" is not an id/);
    expectError(book.run(['voice', 'heard', '6']), 2, /need of yours #6 \("Respect my hours"\) was already heard on 2026-11-23/);
    expectError(book.run(['voice', 'ignored', '1', '--at', '2026-11-01']), 2, /need of yours #1 was raised on 2026-11-02 12:00: it cannot be ignored before that/);
    expectError(book.run(['voice', 'ignored', '1', '--at', 'tomorrow']), 2, /--at tomorrow is in the future/);
    expectError(book.run(['voice', 'add', 'acme', 'weekly invoices', '--at', '2026-11-24']), 2, /in the future/);
    expectError(book.run(['voice', 'add', 'acme', '']), 2, /need is empty/);
    expectError(book.run(['voice', 'add', 'initech', 'x']), 3, /no client "initech"/);
    expectError(book.run(['voice', 'list', 'initech']), 3, /no client "initech"/);
    expectError(book.run(['voice', 'list', '--json', '--ndjson']), 2, /cannot be used together/);
    expect(fileDigest(book.path)).toBe(digest);
  });

  it('crm client show lists the needs of yours, each once, with what came of it', () => {
    const card = book.ok(['client', 'show', 'acme', '--json']).json();
    expect(card.voices.map((v: VoiceJson) => [v.id, v.text, v.outcome])).toEqual([
      [1, 'Pay within 14 days', 'open'], [2, 'pay within 14 days', 'heard'], [3, 'feedback on the first draft', 'heard'],
      [4, "a day's notice for calls", 'heard'],
    ]);
    const text = book.ok(['client', 'show', 'acme']).stdout;
    expect(text).toContain(
      [
        'Your own needs',
        '  #2 2026-11-09 heard 2026-11-13: pay within 14 days',
        '  #3 2026-11-09 heard 2026-11-12: feedback on the first draft',
        "  #4 2026-11-14 heard 2026-11-14: a day's notice for calls",
      ].join('\n'),
    );
    book.ok(['voice', 'add', 'globex', 'a deposit before work starts', '--at', '2026-11-19']);
    book.ok(['voice', 'add', 'globex', 'a deposit before work starts']);
    book.ok(['voice', 'ignored', '8']);
    expect(book.ok(['client', 'show', 'globex']).stdout).toContain(
      [
        'Your own needs',
        '  #6 2026-11-16 heard 2026-11-23: Respect my  hours',
        '  #8 2026-11-23 ignored (raised 2×, not heard): a deposit before work starts',
      ].join('\n'),
    );
  });
});
