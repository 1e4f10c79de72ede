// crm client add|list|show|edit|end|reopen|remove, through the built binary.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TempBook, createdNote, expectError, fileDigest, snapshotBook } from '../helpers/cli.js';

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());

describe('crm client add', () => {
  it('adds a client with its whole profile and prints it as JSON', () => {
    const added = book.ok([
      'client', 'add', 'Acme GmbH', '--email', 'ops@acme.example', '--company', 'Acme', '--tag', 'Retainer',
      '--tag', 'key,retainer', '--since', '2025-06-01', '--cadence', '2w', '--reply-within', '12h', '--note', 'prefers mail', '--json',
    ]);
    expect(added.json()).toEqual({
      id: 1,
      name: 'Acme GmbH',
      email: 'ops@acme.example',
      company: 'Acme',
      tags: ['key', 'retainer'],
      status: 'active',
      since: '2025-06-01',
      endedOn: null,
      endReason: null,
      cadenceDays: 14,
      replyWithinHours: 12,
      note: 'prefers mail',
      createdAt: '2026-11-23T09:00:00.000Z',
      trackedFrom: '2026-11-23T09:00:00.000Z',
      lastContact: null,
    });
  });

  it('takes --last-contact, the last contact before the client entered crm, and refuses one in the future', () => {
    const added = book.ok(['client', 'add', 'Initech', '--since', '2019-03-01', '--last-contact', '2026-10-20', '--json']).json();
    expect(added).toMatchObject({ since: '2019-03-01', lastContact: '2026-10-20', trackedFrom: '2026-11-23T09:00:00.000Z' });
    expect(book.ok(['client', 'show', 'initech']).stdout).toContain('Last in touch before crm: 2026-10-20');
    expect(book.ok(['client', 'add', 'Hooli', '--last-contact', '2026-11-23', '--json']).json().lastContact).toBe('2026-11-23');
    const digest = fileDigest(book.path);
    expectError(book.run(['client', 'add', 'Globex', '--last-contact', '2026-11-24']), 2, /^crm: --last-contact 2026-11-24 is in the future/);
    expectError(book.run(['client', 'add', 'Globex', '--last-contact', 'some while ago']), 2, /--last-contact/);
    expectError(book.run(['client', 'add', 'Globex', '--last-contact', 'next week']), 2, /^crm: --last-contact 2026-11-30 is in the future/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(book.ok(['client', 'list', '--json']).json<{ name: string }[]>().map((c) => c.name)).toEqual(['Hooli', 'Initech']);
  });

  it('defaults the start to today, the cadence to 30 days and replies to 24 hours; says what it did on stderr', () => {
    const added = book.ok(['client', 'add', 'Globex']);
    expect(added.stdout).toBe('');
    expect(added.stderr).toBe(`Added Globex (client #1).\n${createdNote(book.path)}`);
    expect(book.ok(['client', 'show', 'globex', '--json']).json()).toMatchObject({
      since: '2026-11-23', cadenceDays: 30, replyWithinHours: 24, tags: [], email: null,
    });
  });

  it('reads bare numbers as days for --cadence and hours for --reply-within', () => {
    const added = book.ok(['client', 'add', 'Initech', '--cadence', '10', '--reply-within', '4', '--json']).json();
    expect(added).toMatchObject({ cadenceDays: 10, replyWithinHours: 4 });
  });

  it('is silent with -q', () => {
    const added = book.ok(['-q', 'client', 'add', 'Globex']);
    expect(added.stderr).toBe('');
  });

  it('refuses a name that exists in another case, and adds nothing', () => {
    book.ok(['client', 'add', 'Émile Durand']);
    const before = fileDigest(book.path);
    expectError(book.run(['client', 'add', 'ÉMILE DURAND']), 2, /already exists \(client #1\)/);
    expect(fileDigest(book.path)).toBe(before);
  });

  it('refuses bad input with exit 2 and creates no book', () => {
    expectError(book.run(['client', 'add', '']), 2, /client name is empty/);
    expectError(book.run(['client', 'add', '12']), 2, /only digits/);
    expectError(book.run(['client', 'add', 'Acme', '--email', 'not-an-address']), 2, /email "not-an-address"/);
    expectError(book.run(['client', 'add', 'Acme', '--since', '2026-02-30']), 2, /--since/);
    expectError(book.run(['client', 'add', 'Acme', '--cadence', '12h']), 2, /less than a day/);
    expectError(book.run(['client', 'add', 'Acme', '--cadence', 'often']), 2, /--cadence/);
    expectError(book.run(['client', 'add', 'Acme', '--reply-within', '0']), 2, /--reply-within/);
    expect(fileDigest(book.path)).toBe('missing');
  });
});

describe('crm client list', () => {
  let book: TempBook; // read-only tests share one book
  beforeAll(() => {
    book = new TempBook();
    book.ok(['client', 'add', 'Globex', '--tag', 'retainer', '--company', 'Globex Corp']);
    book.ok(['client', 'add', 'acme', '--cadence', '2w']);
    book.ok(['client', 'add', 'Initech', '--tag', 'RETAINER']);
    book.ok(['client', 'end', 'initech', '--on', '2026-11-23']);
  });
  afterAll(() => book.cleanup());

  it('prints a table of active clients sorted by name', () => {
    const lines = book.ok(['client', 'list']).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s*ID\s+NAME\s+COMPANY\s+TAGS\s+SINCE\s+CADENCE\s+STATUS$/);
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/)[1])).toEqual(['acme', 'Globex']);
    expect(lines[1]).toMatch(/14d\s+active$/);
  });

  it('includes ended clients with --all', () => {
    const names = book.ok(['client', 'list', '--all', '--json']).json<{ name: string; status: string }[]>();
    expect(names.map((c) => [c.name, c.status])).toEqual([['acme', 'active'], ['Globex', 'active'], ['Initech', 'ended']]);
  });

  it('filters by tag, whatever its case', () => {
    expect(book.ok(['client', 'list', '--tag', 'Retainer', '--json']).json<{ name: string }[]>().map((c) => c.name)).toEqual(['Globex']);
    expect(book.ok(['client', 'ls', '--all', '--tag', 'retainer', '--json']).json<{ name: string }[]>().map((c) => c.name)).toEqual(['Globex', 'Initech']);
  });

  it('prints one JSON object per line with --ndjson', () => {
    const lines = book.ok(['client', 'list', '--ndjson']).stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).name)).toEqual(['acme', 'Globex']);
  });

  it('refuses --json with --ndjson', () => {
    expectError(book.run(['client', 'list', '--json', '--ndjson']), 2, /cannot be used together/);
  });
});

describe('crm client show', () => {
  let book: TempBook; // read-only tests share one book
  beforeAll(() => {
    book = new TempBook();
    book.ok(['client', 'add', 'Acme GmbH', '--email', 'ops@acme.example', '--tag', 'key', '--cadence', '2w', '--reply-within', '4h']);
    book.ok(['client', 'add', 'Acorn']);
    book.ok(['log', 'acme', '--at', '2026-11-20 10:00', '--from-client', '--bid', 'send the Q3 numbers?', '-m', 'weekly call', '--tone', '1', '--need', 'monthly report']);
    book.ok(['invoice', 'add', 'acme', '800', '--issued', '2026-10-01', '--due', '2026-10-31']);
  });
  afterAll(() => book.cleanup());

  it('finds a client by id, by name in any case, or by a unique prefix', () => {
    for (const query of ['1', '#1', 'ACME GMBH', 'acme g', 'acm']) {
      expect(book.ok(['client', 'show', query, '--json']).json()).toMatchObject({ id: 1, name: 'Acme GmbH' });
    }
  });

  it('prints the card with needs, open bids, invoices and latest interactions as JSON', () => {
    const card = book.ok(['client', 'show', 'acme', '--json']).json();
    expect(card).toMatchObject({
      name: 'Acme GmbH',
      needs: [{ kind: 'need', text: 'monthly report' }],
      openBids: [{ id: 1, kind: 'question', text: 'send the Q3 numbers?', status: 'overdue' }],
      invoices: [{ number: 'INV-1', amountMinor: 80000, status: 'overdue', daysOverdue: 23 }],
      latestInteractions: [{ at: '2026-11-20T09:00:00.000Z', summary: 'weekly call', tone: 1, fromClient: true }],
      topics: [],
      followUps: [],
    });
  });

  it('prints a card a person can read', () => {
    const text = book.ok(['client', 'show', 'acme']).stdout;
    expect(text).toContain('Acme GmbH (client #1)');
    expect(text).toContain('ops@acme.example');
    expect(text).toContain('Since 2026-11-23 · keep in touch every 14 days · replies expected within 4 h');
    expect(text).toMatch(/Open bids\n\s+#1 2026-11-20 question, past reply window: send the Q3 numbers\?/);
    expect(text).toMatch(/Invoices\n\s+NUMBER\s+AMOUNT\s+BALANCE\s+ISSUED\s+DUE\s+STATUS\n\s+INV-1\s+€800\.00\s+€800\.00\s+2026-10-01\s+2026-10-31\s+overdue 23d\n/);
    expect(text).toMatch(/#1 2026-11-20 call from client \+1 \[bid\]: weekly call/);
  });

  it('lists the candidates of an ambiguous prefix (exit 3)', () => {
    expectError(book.run(['client', 'show', 'ac']), 3, /"ac" matches 2 clients: Acme GmbH \(#1\), Acorn \(#2\)/);
  });

  it('suggests a close name for an unknown one (exit 3)', () => {
    expectError(book.run(['client', 'show', 'acmx']), 3, /no client "acmx"; did you mean "Acme GmbH"\?/);
  });
});

describe('crm client edit', () => {
  beforeEach(() => {
    book.ok(['client', 'add', 'Acme', '--email', 'a@acme.example', '--tag', 'a', '--tag', 'b', '--note', 'hello']);
    book.ok(['client', 'add', 'Globex']);
  });

  it('changes only the flags given', () => {
    const edited = book.ok(['client', 'edit', 'acme', '--cadence', '3d', '--reply-within', '2d', '--company', 'Acme Inc', '--json']).json();
    expect(edited).toMatchObject({ cadenceDays: 3, replyWithinHours: 48, company: 'Acme Inc', email: 'a@acme.example', tags: ['a', 'b'], note: 'hello' });
  });

  it('clears fields with "" and replaces or removes tags', () => {
    expect(book.ok(['client', 'edit', 'acme', '--email', '', '--note', '', '--tag', 'c', '--json']).json()).toMatchObject({
      email: null, note: null, tags: ['c'],
    });
    expect(book.ok(['client', 'edit', 'acme', '--no-tags', '--json']).json()).toMatchObject({ tags: [] });
  });

  it('renames, also to another case of its own name', () => {
    book.ok(['client', 'edit', 'acme', '--name', 'Acme Group']);
    book.ok(['client', 'edit', 'acme group', '--name', 'ACME Group']);
    expect(book.ok(['client', 'show', '1', '--json']).json()).toMatchObject({ name: 'ACME Group' });
  });

  it('refuses a clashing name, no flags, bad flags or an unknown client, and changes nothing', () => {
    const before = snapshotBook(book);
    const digest = fileDigest(book.path);
    expectError(book.run(['client', 'edit', 'acme', '--name', 'GLOBEX']), 2, /a client named "Globex" already exists/);
    expectError(book.run(['client', 'edit', 'acme']), 2, /nothing to change/);
    expectError(book.run(['client', 'edit', 'acme', '--tag', 'x', '--no-tags']), 2, /cannot be used together/);
    expectError(book.run(['client', 'edit', 'acme', '--since', 'soon']), 2, /--since/);
    expectError(book.run(['client', 'edit', 'nobody', '--note', 'x']), 3, /no client "nobody"/);
    expectError(book.run(['client', 'edit', 'acme', '--last-contact', '2027-01-01']), 2, /--last-contact 2027-01-01 is in the future/);
    expect(fileDigest(book.path)).toBe(digest);
    expect(snapshotBook(book)).toEqual(before);
  });

  it('sets --last-contact, and clears it with ""; the day the client entered crm stays', () => {
    const set = book.ok(['client', 'edit', 'acme', '--last-contact', '2026-09-30', '--json']).json();
    expect(set).toMatchObject({ lastContact: '2026-09-30', trackedFrom: '2026-11-23T09:00:00.000Z', note: 'hello' });
    expect(book.ok(['client', 'edit', 'acme', '--last-contact', '', '--json']).json()).toMatchObject({ lastContact: null });
  });
});

describe('crm client end and reopen', () => {
  beforeEach(() => {
    book.ok(['client', 'add', 'Acme', '--since', '2025-01-01']);
  });

  it('ends a relationship with a date and reason, keeps it for history, and reopens it', () => {
    const ended = book.ok(['client', 'end', 'acme', '--on', '2026-10-31', '--reason', 'project finished']);
    expect(ended.stderr).toMatch(/^Ended Acme on 2026-10-31\./);
    expect(book.ok(['client', 'list', '--json']).json()).toEqual([]);
    expect(book.ok(['client', 'show', 'acme', '--json']).json()).toMatchObject({
      status: 'ended', endedOn: '2026-10-31', endReason: 'project finished',
    });
    const reopened = book.ok(['client', 'reopen', 'acme', '--json']).json();
    expect(reopened).toMatchObject({ status: 'active', endedOn: null, endReason: null });
  });

  it('ends today by default', () => {
    expect(book.ok(['client', 'end', 'acme', '--json']).json()).toMatchObject({ endedOn: '2026-11-23' });
  });

  it('refuses to end twice, to end before the start, or to reopen what is not ended (exit 2)', () => {
    expectError(book.run(['client', 'reopen', 'acme']), 2, /has not ended/);
    expectError(book.run(['client', 'end', 'acme', '--on', '2024-12-31']), 2, /before the relationship began \(2025-01-01\)/);
    book.ok(['client', 'end', 'acme', '--on', '2026-01-31']);
    const digest = fileDigest(book.path);
    expectError(book.run(['client', 'end', 'acme']), 2, /already ended on 2026-01-31/);
    expect(fileDigest(book.path)).toBe(digest);
  });
});

describe('crm client remove', () => {
  beforeEach(() => {
    book.ok(['client', 'add', 'Acme']);
    book.ok(['client', 'add', 'Globex']);
    book.ok(['log', 'acme', '--bid', 'call me', '--conflict', 'pricing', '--follow-up', '3d']);
    book.ok(['invoice', 'add', 'acme', '100']);
    book.ok(['invoice', 'add', 'globex', '200']);
  });

  it('without --yes and without a terminal, refuses (exit 2) and removes nothing', () => {
    const before = snapshotBook(book);
    expectError(book.run(['client', 'remove', 'acme']), 2, /add --yes/);
    expect(snapshotBook(book)).toEqual(before);
  });

  it('with --yes, removes the client and everything logged about it, and nothing of others', () => {
    const removed = book.ok(['client', 'rm', 'acme', '--yes']);
    expect(removed.stderr).toBe('Removed Acme (client #1) and its history.\n');
    const after = snapshotBook(book) as Record<string, { client?: { name: string }; name?: string }[]>;
    expect(after.clients!.map((c) => c.name)).toEqual(['Globex']);
    expect(after.invoices!.map((i) => i.client!.name)).toEqual(['Globex']);
    expect(after.bids).toEqual([]);
    expect(after.topics).toEqual([]);
    expect(after.followUps).toEqual([]);
  });

  it('refuses an unknown client (exit 3)', () => {
    expectError(book.run(['client', 'remove', 'initech', '--yes']), 3, /no client "initech"/);
  });
});
