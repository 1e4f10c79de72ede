// crm bid list|answer and crm topic list|resolve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempBook, expectError, fileDigest } from '../helpers/cli.js';

interface BidJson { id: number; client: { name: string }; status: string; text: string; response: string | null; answeredAt: string | null }

// The tests of each describe run in order on one book, as a user's day would.
describe('crm bid', () => {
  let book: TempBook;
  beforeAll(() => {
    book = new TempBook(); // now: 2026-11-23T09:00:00Z
    book.ok(['client', 'add', 'Acme', '--reply-within', '4h']);
    book.ok(['client', 'add', 'Globex', '--reply-within', '2d']);
    book.ok(['log', 'acme', '--at', '2026-11-20T08:00:00Z', '--bid', 'overdue one']); // #1
    book.ok(['log', 'acme', '--at', '2026-11-23T07:00:00Z', '--bid', 'fresh one?']); // #2, within 4 h
    book.ok(['log', 'globex', '--at', '2026-11-21T08:00:00Z', '--bid', 'answered in time', '--bid', 'answered late', '--bid', 'refused']); // #3-#5
  });
  afterAll(() => book.cleanup());

  it('answers a bid toward, in time or late, or against; each shows in the list', () => {
    expect(book.ok(['bid', 'answer', '3', '--at', '2026-11-22T08:00:00Z']).stderr).toBe('Bid #3 of Globex answered in time.\n');
    const late = book.ok(['bid', 'answer', '#4', '--at', '2026-11-23T08:30:00Z', '--json']).json<BidJson>();
    expect(late).toMatchObject({ id: 4, status: 'late', response: 'toward', answeredAt: '2026-11-23T08:30:00.000Z' });
    expect(book.ok(['bid', 'answer', '5', '--against']).stderr).toBe('Bid #5 of Globex turned against.\n');

    // oldest first: #1 (Nov 20), #3-#5 (Nov 21, in the order logged), #2 (Nov 23)
    const all = book.ok(['bid', 'list', '--json']).json<BidJson[]>();
    expect(all.map((b) => [b.id, b.client.name, b.status])).toEqual([
      [1, 'Acme', 'overdue'], [3, 'Globex', 'answered'], [4, 'Globex', 'late'], [5, 'Globex', 'against'], [2, 'Acme', 'open'],
    ]);
  });

  it('lists only open bids with --open, for one client, as text, JSON or NDJSON', () => {
    const open = book.ok(['bid', 'list', '--open', '--json']).json<BidJson[]>();
    expect(open.map((b) => [b.id, b.status])).toEqual([[1, 'overdue'], [2, 'open']]);
    expect(book.ok(['bid', 'list', 'globex', '--open', '--json']).json()).toEqual([]);
    const lines = book.ok(['bid', 'ls', 'acme', '--ndjson']).stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([1, 2]);
    const text = book.ok(['bid', 'list', 'acme']).stdout.trimEnd().split('\n');
    expect(text[0]).toMatch(/^\s*ID\s+WHEN\s+CLIENT\s+KIND\s+STATUS\s+TEXT$/);
    expect(text[1]).toMatch(/^\s*1\s+2026-11-20 09:00\s+Acme\s+request\s+overdue\s+overdue one$/);
    expect(text[2]).toMatch(/^\s*2\s+2026-11-23 08:00\s+Acme\s+question\s+open\s+fresh one\?$/);
  });

  it('says there is nothing open on stderr, with empty stdout', () => {
    const none = book.run(['bid', 'list', 'globex', '--open']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/No open bids/);
  });

  it('refuses to answer twice, before the bid, in the future, an unknown or a malformed id; changes nothing', () => {
    const digest = fileDigest(book.path);
    expectError(book.run(['bid', 'answer', '3']), 2, /bid #3 was already answered \(turned toward\) on \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expectError(book.run(['bid', 'answer', '1', '--at', '2026-11-19']), 2, /cannot be answered before that/);
    expectError(book.run(['bid', 'answer', '1', '--at', '2026-11-24 09:00']), 2, /in the future/);
    expectError(book.run(['bid', 'answer', '99']), 3, /no bid #99/);
    expectError(book.run(['bid', 'answer', 'one']), 2, /bid "one" is not an id/);
    expectError(book.run(['bid', 'list', 'initech']), 3, /no client "initech"/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(book.ok(['bid', 'list', '--open', '--json']).json<BidJson[]>().map((b) => b.id)).toEqual([1, 2]);
  });
});

describe('crm topic', () => {
  let book: TempBook;
  beforeAll(() => {
    book = new TempBook();
    book.ok(['client', 'add', 'Acme']);
    book.ok(['client', 'add', 'Globex']);
    book.ok(['log', 'acme', '--at', '2026-09-01', '--conflict', 'Scope creep', '--tone', '-1']);
    book.ok(['log', 'acme', '--at', '2026-11-10', '--conflict', 'scope creep', '--repair']);
    book.ok(['log', 'globex', '--at', '2026-11-01', '--conflict', 'pricing', '--tone', '-2']);
  });
  afterAll(() => book.cleanup());

  it('lists topics with how often and when they were raised, and where each stands', () => {
    const topics = book.ok(['topic', 'list', '--json']).json();
    expect(topics).toEqual([
      {
        id: 1, client: { id: 1, name: 'Acme' }, topic: 'Scope creep', status: 'open', timesRaised: 2, recurring: true, repaired: true,
        firstRaised: '2026-09-01T10:00:00.000Z', lastRaised: '2026-11-10T11:00:00.000Z', state: 'managed', raisedInARow: 0,
      },
      {
        id: 2, client: { id: 2, name: 'Globex' }, topic: 'pricing', status: 'open', timesRaised: 1, recurring: false, repaired: false,
        firstRaised: '2026-11-01T11:00:00.000Z', lastRaised: '2026-11-01T11:00:00.000Z', state: 'open', raisedInARow: 1,
      },
    ]);
    const text = book.ok(['topic', 'list']).stdout.trimEnd().split('\n');
    expect(text[0]).toMatch(/^CLIENT\s+TOPIC\s+RAISED\s+LAST\s+STATE$/);
    expect(text[1]).toMatch(/^Acme\s+Scope creep\s+2×\s+2026-11-10\s+talked through$/);
    expect(text[2]).toMatch(/^Globex\s+pricing\s+1×\s+2026-11-01\s+open$/);
    expect(text).toHaveLength(3);
  });

  it('agrees with crm health: three heated raisings in a row are gridlocked, a repair talks the topic through', () => {
    book.ok(['log', 'globex', '--at', '2026-11-05', '--conflict', 'Pricing', '--horseman', 'contempt']); // a horseman: heated whatever the tone
    const third = book.ok(['log', 'globex', '--at', '2026-11-12', '--complaint', 'the rates went up again', '--conflict', 'pricing', '--json']).json();
    expect(third.conflict).toMatchObject({ topic: 'pricing', timesRaised: 3, state: 'gridlocked', raisedInARow: 3 });
    expect(book.ok(['topic', 'list', 'globex', '--json']).json()[0]).toMatchObject({ state: 'gridlocked', raisedInARow: 3 });
    expect(book.ok(['topic', 'list', 'globex']).stdout).toMatch(/pricing\s+3×\s+2026-11-12\s+gridlocked\n$/);
    const gridlockCaps = () =>
      book.ok(['health', 'globex', '--json']).json<{ caps: { reason: string }[] }>().caps.filter((c) => /gridlock/.test(c.reason));
    expect(gridlockCaps()).toEqual([expect.objectContaining({ reason: expect.stringMatching(/"pricing" is gridlocked/) })]);

    const repaired = book.ok(['log', 'globex', '--at', '2026-11-20', '--conflict', 'pricing', '--repair']);
    expect(repaired.stderr).toMatch(/conflict "pricing" raised 4× \(recurring: talk it through, it is normal\), repair noted/);
    const after = book.ok(['topic', 'list', 'globex', '--json']).json()[0];
    expect(after).toMatchObject({ state: 'managed', raisedInARow: 0, repaired: true, timesRaised: 4 });
    expect(book.ok(['topic', 'list', 'globex']).stdout).toMatch(/pricing\s+4×\s+2026-11-20\s+talked through\n$/);
    expect(gridlockCaps()).toEqual([]);
  });

  it('resolves a topic named in any case, once; raising it again reopens it', () => {
    expect(book.ok(['topic', 'resolve', 'globex', 'PRICING']).stderr).toBe('Resolved "pricing" with Globex.\n');
    expect(book.ok(['topic', 'list', 'globex', '--json']).json()[0]).toMatchObject({ status: 'resolved', state: 'resolved', raisedInARow: 0 });
    expect(book.ok(['topic', 'list', 'globex']).stdout).toMatch(/pricing\s+4×\s+2026-11-20\s+resolved\n$/);
    const digest = fileDigest(book.path);
    expectError(book.run(['topic', 'resolve', 'globex', 'pricing']), 2, /"pricing" with Globex was already resolved on 2026-11-23/);
    expect(fileDigest(book.path)).toBe(digest);
    book.ok(['log', 'globex', '--conflict', 'Pricing', '--tone', '-1']);
    expect(book.ok(['topic', 'list', 'globex', '--json']).json()[0]).toMatchObject({ status: 'open', timesRaised: 5, state: 'open', raisedInARow: 1 });
  });

  it('refuses an unknown topic or a topic of another client (exit 3), changing nothing', () => {
    const digest = fileDigest(book.path);
    expectError(book.run(['topic', 'resolve', 'acme', 'pricing']), 3, /no conflict topic "pricing"/);
    expectError(book.run(['topic', 'resolve', 'initech', 'pricing']), 3, /no client "initech"/);
    expect(fileDigest(book.path)).toBe(digest);
  });
});
