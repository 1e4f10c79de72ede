// crm log: one interaction and everything said in it, as one transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest } from '../helpers/cli.js';

let book: TempBook;
beforeEach(() => {
  book = new TempBook(); // CRM_NOW is 2026-11-23T09:00:00Z, 10:00 in Berlin
  book.ok(['client', 'add', 'Acme GmbH', '--reply-within', '24h']);
  book.ok(['client', 'add', 'Globex']);
});
afterEach(() => book.cleanup());

describe('crm log', () => {
  it('logs an interaction with its channel, time, tone and summary', () => {
    const logged = book.ok(['log', 'acme', '--at', '2026-11-20 14:30', '--channel', 'video', '-m', 'kick-off', '--tone', '2', '--json']).json();
    expect(logged).toMatchObject({
      id: 1,
      client: { id: 1, name: 'Acme GmbH' },
      at: '2026-11-20T13:30:00.000Z',
      channel: 'video',
      fromClient: false,
      tone: 2,
      summary: 'kick-off',
      horsemen: [],
      repair: false,
      feedback: false,
      bids: [],
      answeredBid: null,
      conflict: null,
      followUp: null,
    });
    expect(book.ok(['client', 'show', 'acme', '--json']).json().latestInteractions).toHaveLength(1);
  });

  it('defaults to a call, now, by you, neutral; and reports on stderr', () => {
    const logged = book.ok(['log', 'acme']);
    expect(logged.stdout).toBe('');
    expect(logged.stderr).toBe('Logged call with Acme GmbH (interaction #1).\n');
    expect(book.ok(['client', 'show', 'acme', '--json']).json().latestInteractions[0]).toMatchObject({
      at: '2026-11-23T09:00:00.000Z', channel: 'call', fromClient: false, tone: 0,
    });
  });

  it('takes --at today in the morning as now, not a noon still to come', () => {
    expect(book.ok(['log', 'acme', '--at', 'today', '--json']).json().at).toBe('2026-11-23T09:00:00.000Z');
    expect(book.ok(['log', 'acme', '--at', 'yesterday', '--json']).json().at).toBe('2026-11-22T11:00:00.000Z');
  });

  it('records bids: questions, requests and complaints (which default the tone to -1)', () => {
    const logged = book
      .ok(['log', 'acme', '--from-client', '--bid', 'can you send the numbers?', '--bid', 'call Ana', '--complaint', 'the report was late', '--json'])
      .json();
    expect(logged.tone).toBe(-1);
    expect(logged.fromClient).toBe(true);
    expect(logged.bids.map((b: { kind: string; status: string }) => [b.kind, b.status])).toEqual([
      ['question', 'open'], ['request', 'open'], ['complaint', 'open'],
    ]);
    expect(logged.bids[0]).toMatchObject({ replyBy: '2026-11-24T09:00:00.000Z', response: null, interactionId: 1 });
  });

  it('answers the oldest open bid with --answer, or a given one with --answer ID', () => {
    book.ok(['log', 'acme', '--at', '2026-11-22 11:00', '--bid', 'first']);
    book.ok(['log', 'acme', '--at', '2026-11-22 11:30', '--bid', 'second']);
    book.ok(['log', 'acme', '--at', '2026-11-22 12:00', '--bid', 'third']);
    const oldest = book.ok(['log', 'acme', '--answer', '--json']).json();
    expect(oldest.answeredBid).toMatchObject({ id: 1, text: 'first', status: 'answered', answeredAt: '2026-11-23T09:00:00.000Z', answerInteractionId: 4 });
    const given = book.ok(['log', 'acme', '--answer', '3']);
    expect(given.stderr).toMatch(/answered bid #3 in time/);
    const open = book.ok(['bid', 'list', 'acme', '--open', '--json']).json<{ id: number }[]>();
    expect(open.map((b) => b.id)).toEqual([2]);
  });

  it('answers a new bid on the spot with --bid and --answer together', () => {
    const logged = book.ok(['log', 'acme', '--bid', 'quick question?', '--answer', '--json']).json();
    expect(logged.bids[0]).toMatchObject({ status: 'answered', response: 'toward' });
  });

  it('counts a conflict topic again, whatever its case, as recurring; repairs it', () => {
    book.ok(['log', 'acme', '--at', '2026-11-01', '--conflict', 'Scope creep']);
    const again = book.ok(['log', 'acme', '--conflict', 'SCOPE CREEP', '--repair', '--json']).json();
    expect(again.conflict).toMatchObject({ topic: 'Scope creep', timesRaised: 2, recurring: true, repaired: true, status: 'open' });
    expect(again.repair).toBe(true);
  });

  it('repairs the latest unrepaired conflict with --repair alone', () => {
    book.ok(['log', 'acme', '--at', '2026-11-01', '--conflict', 'pricing']);
    const repaired = book.ok(['log', 'acme', '--repair']);
    expect(repaired.stderr).toMatch(/repair noted on "pricing"/);
    expect(book.ok(['topic', 'list', 'acme', '--json']).json()[0]).toMatchObject({ topic: 'pricing', repaired: true });
  });

  it('records appreciation both ways, feedback, horsemen, needs, goals, preferences and a follow-up', () => {
    const logged = book
      .ok([
        'log', 'acme', '-m', 'launch review', '--appreciation', 'gift', '--client-appreciation', 'referral', '--feedback',
        '--horseman', 'stonewalling', '--horseman', 'criticism', '--need', 'weekly status', '--goal', 'expand to Austria',
        '--preference', 'short mails', '--follow-up', '2w', '--json',
      ])
      .json();
    expect(logged.appreciations.map((a: { direction: string; kind: string }) => [a.direction, a.kind])).toEqual([
      ['to-client', 'gift'], ['from-client', 'referral'],
    ]);
    expect(logged.feedback).toBe(true);
    expect(logged.horsemen).toEqual(['criticism', 'stonewalling']);
    expect(logged.needs.map((n: { kind: string; text: string }) => `${n.kind}: ${n.text}`).sort()).toEqual([
      'goal: expand to Austria', 'need: weekly status', 'preference: short mails',
    ]);
    expect(logged.followUp).toMatchObject({ due: '2026-12-07', text: 'Follow up: launch review', done: false });
    expect(book.ok(['followup', 'list', '--json']).json()).toHaveLength(1);
  });

  it('refuses bad input (exit 2) and logs nothing', () => {
    const digest = fileDigest(book.path);
    expectError(book.run(['log', 'acme', '--tone', '3']), 2, /--tone "3" must be a whole number from -2 to 2/);
    expectError(book.run(['log', 'acme', '--tone', '1.5']), 2, /--tone/);
    expectError(book.run(['log', 'acme', '--channel', 'fax']), 2, /fax/);
    expectError(book.run(['log', 'acme', '--horseman', 'sarcasm']), 2, /sarcasm/);
    expectError(book.run(['log', 'acme', '--at', 'tomorrow']), 2, /in the future/);
    expectError(book.run(['log', 'acme', '--at', '2026-11-23 15:00']), 2, /in the future/);
    expectError(book.run(['log', 'acme', '--at', 'the other day']), 2, /--at/);
    expectError(book.run(['log', 'acme', '--bid', '  ']), 2, /--bid is empty/);
    expectError(book.run(['log', 'acme', '--follow-up', 'someday']), 2, /--follow-up/);
    expectError(book.run(['log', 'acme', '--repair']), 2, /no unrepaired conflict/);
    expect(fileDigest(book.path)).toBe(digest);
  });

  it('rolls back everything when a part is refused: no interaction, bid, topic or follow-up is left', () => {
    book.ok(['log', 'globex', '--bid', 'their bid']);
    const digest = fileDigest(book.path);
    const args = ['--bid', 'new bid', '--conflict', 'pricing', '--need', 'x', '--follow-up', '3d'];
    expectError(book.run(['log', 'acme', ...args, '--answer', '99']), 3, /no bid #99/);
    expectError(book.run(['log', 'acme', '--conflict', 'pricing', '--answer', '1']), 2, /bid #1 belongs to another client/);
    expectError(book.run(['log', 'acme', '--answer']), 3, /no open bid to answer/);
    expectError(book.run(['log', 'acme', '--answer', 'abc']), 2, /not an id/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(book.ok(['client', 'show', 'acme', '--json']).json()).toMatchObject({ latestInteractions: [], topics: [], needs: [], followUps: [] });
  });

  it('refuses an unknown client (exit 3) with a suggestion', () => {
    expectError(book.run(['log', 'acmee', '-m', 'x']), 3, /no client "acmee"; did you mean "Acme GmbH"\?/);
  });

  it('without a client and without a terminal, fails naming what is missing (exit 2)', () => {
    const digest = fileDigest(book.path);
    expectError(book.run(['log', '-m', 'call']), 2, /missing argument <client>/);
    expect(fileDigest(book.path)).toBe(digest);
  });
});

describe('crm log on a missing book', () => {
  it('fails for an unknown client without creating the book', () => {
    const fresh = new TempBook();
    try {
      expectError(fresh.run(['log', 'acme', '-m', 'first call']), 3, /no client "acme"/);
      expectError(fresh.run(['log']), 2, /missing argument <client>/);
      expect(fileDigest(fresh.path)).toBe('missing');
    } finally {
      fresh.cleanup();
    }
  });
});
