// Issue "health model 2": every case under "What was seen", replayed through the built crm as a new user would,
// with the clock pinned. Each client is one case; the book is shared so the suite stays fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, TempBook } from '../helpers/cli.js';

interface Report {
  client: { id: number; name: string }; score: number | null; band: string; confidence: string | null;
  trend: { previous: number | null; delta: number | null; fading: boolean }; revenueShare: number | null;
  prior: { earned: number; missed: number };
  components: { key: string; score: number | null; earned: number; missed: number; summary: string; headline: string }[];
  caps: { key: string; reason: string; band: string }[]; capAdjustment: number; reasons: string[]; actions: string[]; notes: string[];
}

const DAY_MS = 86_400_000;
const TODAY = DEFAULT_NOW.slice(0, 10);
const then = (n: number) => new Date(Date.parse(DEFAULT_NOW) - n * DAY_MS).toISOString();
const daysAgo = (n: number) => then(n).slice(0, 10);
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

let book: TempBook;
const ok = (args: string[], now?: string) => book.ok(args, now ? { now } : {});
const report = (client: string): Report => ok(['health', client, '--json']).json<Report>();
const score = (client: string) => report(client).score!;
const component = (r: Report, key: string) => r.components.find((c) => c.key === key)!;

const WARM = ['Steady A', 'Steady B', 'Steady C', 'Steady D', 'Lovely Ltd', 'Gridlock GmbH', 'Repair Inc', 'Voice Ltd', 'Contempt AG', 'Big Client'];

/** CSV text from rows of cells. */
const csv = (rows: (string | number)[][]) => `${rows.map((r) => r.join(',')).join('\n')}\n`;

beforeAll(() => {
  book = new TempBook();
  // Most clients have been in the book since their relationship began: imported on that day (at local midnight,
  // where a relationship begins), their history since imported at once (a spreadsheet import is one process, which
  // keeps this suite fast).
  const starts: [string[], number, number][] = [[WARM, 300, 30], [['Calm Co'], 700, 30], [['Quiet Co'], 400, 30], [['Fortnight'], 200, 14]];
  for (const [names, days, cadence] of starts) {
    const clients = [['name', 'since', 'cadence'], ...names.map((n) => [n, daysAgo(days), cadence])];
    book.ok(['import', '-', '--format', 'csv'], { input: csv(clients), now: `${daysAgo(days)} 00:00` });
  }
  const calls: (string | number)[][] = [['client', 'at', 'channel', 'tone']];
  for (const name of WARM) for (let d = 290; d >= 5; d -= 20) calls.push([name, then(d), 'video', 1]);
  for (let d = 690; d >= 5; d -= 40) calls.push(['Calm Co', then(d), 'video', 1]);
  for (let d = 390; d >= 120; d -= 30) calls.push(['Quiet Co', then(d), 'call', 1]);
  for (let d = 194; d >= 12; d -= 14) calls.push(['Fortnight', then(d), 'meeting', 1]);
  book.ok(['import', '-', '--format', 'csv', '--table', 'interactions'], { input: csv(calls) });
  const invoices: (string | number)[][] = [['client', 'number', 'amount', 'issued', 'due', 'paid', 'paidOn']];
  for (let d = 280; d >= 100; d -= 30) invoices.push(['Lovely Ltd', `L-${d}`, 2000, daysAgo(d), daysAgo(d - 30), 2000, daysAgo(d - 30)]);
  invoices.push(['Lovely Ltd', 'BIG-1', 12000, daysAgo(120), daysAgo(90), '', '']);
  invoices.push(['Big Client', 'B-1', 90000, daysAgo(20), daysAgo(-10), '', '']);
  book.ok(['import', '-', '--format', 'csv', '--table', 'invoices'], { input: csv(invoices) });

  // 1. Three weeks old, one slightly sour call; the same with a warm one.
  for (const [name, tone] of [['Sour Start', '-1'], ['Sweet Start', '1']] as const) {
    ok(['client', 'add', name, '--since', daysAgo(21)], then(21));
    ok(['log', name, '--tone', tone]);
  }
  // 2. A client since January 2025, added to the book today.
  ok(['client', 'add', 'Old Co', '--since', '2025-01-01']);
  // 3. Harm must never raise the score: Steady A to D start identical (their request answered).
  for (const name of ['Steady A', 'Steady B', 'Steady C', 'Steady D']) {
    ok(['log', name, '--from-client', '--bid', 'can you send the status report?', '--answer', '--at', then(30)]);
  }
  // 6. The same topic raised six times, never repaired; and a perpetual topic talked through calmly.
  for (const d of [150, 120, 90, 60, 30, 10]) ok(['log', 'gridlock', '--conflict', 'scope creep', '--tone', '-1', '--at', then(d)]);
  for (const d of [600, 420, 240, 60]) ok(['log', 'calm co', '--conflict', 'pricing', '--tone', '0', '--at', then(d)]);
  // 7. Heated about deadlines three times, then repaired with --conflict deadlines --repair.
  for (const d of [40, 25, 12]) ok(['log', 'repair inc', '--conflict', 'deadlines', '--tone', '-1', '--at', then(d)]);
  ok(['log', 'repair inc', '--conflict', 'deadlines', '--repair', '-m', 'agreed a change-request process', '--at', then(2)]);
  // 9. Speaking up: raised a need of one's own, heard.
  ok(['log', 'voice ltd', '--voice', 'invoices paid within 14 days', '--at', then(40)]);
  ok(['log', 'voice ltd', '--heard', '--tone', '1', '--at', then(20)]);
  // 10. Contempt lately, after a good history.
  ok(['log', 'contempt', '--tone', '-2', '--horseman', 'contempt', '--at', then(4)]);
  ok(['log', 'contempt', '--tone', '-1', '--horseman', 'contempt', '--at', then(2)]);
});
afterAll(() => book.cleanup());

describe('what was seen, end to end', () => {
  it('one sour call on a three-week-old client is watch, not 0; one warm call is healthy, not 100', () => {
    const sour = report('sour');
    const sweet = report('sweet');
    expect(sour).toMatchObject({ band: 'watch', confidence: 'low' });
    expect(sweet).toMatchObject({ band: 'healthy', confidence: 'low' });
    expect(sour.score!).toBeGreaterThan(50);
    expect(sweet.score!).toBeLessThan(90);
    expect(ok(['health', 'sour']).stdout).toContain('Early days: 1 signal so far');
  });

  it('a back-dated client added today is not at-risk, not "no appreciation", and gets no contact reminder', () => {
    expect(report('old co')).toMatchObject({ score: null, band: 'no-data' });
    expect(ok(['remind', '--client', 'old co']).stdout).toBe('');
    ok(['log', 'old co', '--tone', '1', '--channel', 'video']);
    const after = report('old co');
    expect(after.band).toBe('healthy');
    expect(after.trend).toMatchObject({ previous: null, delta: null }); // no invented trend
    expect(JSON.stringify(after)).not.toMatch(/698|no appreciation shown/);
  });

  it('ignoring one more request, a new unrepaired conflict, more contempt: each lowers the score', () => {
    const base = score('steady a');
    expect(score('steady b')).toBe(base);
    ok(['log', 'steady b', '--from-client', '--channel', 'email', '--bid', 'one more thing?', '--at', then(5)]);
    ok(['log', 'steady c', '--conflict', 'deadlines', '--tone', '-1', '--at', then(3)]);
    for (const d of [3, 2, 1]) ok(['log', 'steady d', '--tone', '-1', '--horseman', 'contempt', '--at', then(d)]);
    expect(score('steady b')).toBeLessThan(base);
    expect(score('steady c')).toBeLessThan(base);
    expect(score('steady d')).toBeLessThan(base);
  });

  it('four cadences of silence is not healthy, and names contact', () => {
    const quiet = report('quiet');
    expect(quiet.band).not.toBe('healthy');
    expect(quiet.actions.join('\n')).toMatch(/Get in touch with Quiet Co/);
  });

  it('a EUR 12,000 invoice 90 days overdue caps a lovely client at watch; another overdue invoice costs more', () => {
    const before = report('lovely');
    expect(before.band).toBe('watch');
    expect(before.caps).toEqual([{ key: 'overdue:BIG-1', reason: 'BIG-1 is 90 days overdue (€12,000.00 open)', band: 'watch' }]);
    expect(ok(['health', 'lovely']).stdout).toContain('! capped at watch: BIG-1 is 90 days overdue (€12,000.00 open)');
    ok(['invoice', 'add', 'lovely', '2000', '--issued', daysAgo(75), '--terms', '30']);
    const after = report('lovely');
    expect(component(after, 'payments').score!).toBeLessThan(component(before, 'payments').score!);
  });

  it('the same topic raised six times and never repaired is gridlock, named; a calm perpetual topic costs nothing', () => {
    const gridlock = report('gridlock');
    expect(gridlock.caps.map((c) => c.reason)).toContain('"scope creep" is gridlocked: raised 6 times in a row without a repair or a calm talk');
    expect(gridlock.band).toBe('watch');
    const calm = report('calm co');
    expect(calm.band).toBe('healthy');
    expect(component(calm, 'conflict')).toMatchObject({ score: 100, missed: 0 });
  });

  it('--conflict deadlines --repair leaves the topic talked through: no "Repair" action, and crm topic list agrees', () => {
    const repaired = report('repair inc');
    expect(repaired.actions.join('\n')).not.toMatch(/deadlines/);
    expect(component(repaired, 'conflict').summary).toMatch(/^"deadlines" talked through/);
    const topics = ok(['topic', 'list', 'repair inc', '--json']).json<{ topic: string; state?: string }[]>();
    expect(topics.find((t) => t.topic === 'deadlines')!.state).toBe('managed');
  });

  it('contact inside the cadence costs nothing', () => {
    const fortnight = report('fortnight');
    expect(component(fortnight, 'contact')).toMatchObject({ score: 100, missed: 0 });
    expect(fortnight.reasons.join('\n')).not.toMatch(/Contact/);
  });

  it('a need of your own raised and heard counts for the relationship', () => {
    const voice = component(report('voice ltd'), 'voice');
    expect(voice.score).toBe(100);
    expect(voice.summary).toMatch(/^1 need of yours heard \("invoices paid within 14 days"\)/);
  });

  it('contempt is named first, and caps the band', () => {
    const contempt = report('contempt');
    expect(contempt.caps.map((c) => c.key)).toEqual(['contempt']);
    expect(contempt.band).toBe('watch');
    expect(contempt.actions[0]).toMatch(/^Contempt showed with Contempt AG/);
  });

  it('the scorecard warns about a dependency, and the portfolio says whose revenue', () => {
    const big = report('big client');
    expect(big.notes[0]).toMatch(/^Big Client brings \d+% of your revenue over the last 12 months: a dependency risk \(over 40%\)$/);
    expect(ok(['health', 'big client']).stdout).toMatch(/! Big Client brings \d+% of your revenue/);
    expect(ok(['health']).stdout).toMatch(/! Big Client brings \d+% of your revenue \(last 12 months\): a dependency risk/);
  });

  it('points and bars agree, counts are whole, and weights are not shown beside shares', () => {
    for (const name of ['lovely', 'gridlock', 'steady a', 'sour']) {
      const out = stripAnsi(ok(['health', name]).stdout);
      for (const line of out.split('\n')) {
        expect(line, line).not.toMatch(/weight \d+/);
        expect(line, line).not.toMatch(/\d+\.\d+ (negative|positive|good|hard|request|moment)/);
        const full = /██████████\s+100\s+([\d.]+) of ([\d.]+) pts/.exec(line);
        if (full) expect(full[1]).toBe(full[2]);
        const empty = /░░░░░░░░░░\s+0\s+([\d.]+) of/.exec(line);
        if (empty) expect(empty[1]).toBe('0.0');
      }
    }
  });

  it(`reads as of ${TODAY}`, () => {
    expect(ok(['health', '--json']).json<{ asOf: string }[]>().every((r) => r.asOf === TODAY)).toBe(true);
  });
});
