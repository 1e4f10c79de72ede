// crm health end to end: the portfolio (JSON, NDJSON, text) and one client's scorecard, from a book
// filled through the CLI with dates in the past. Today is 2026-11-23 (CRM_NOW), in Europe/Berlin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, TempBook, expectError, fileDigest, runCrm } from '../helpers/cli.js';

interface Evidence { date: string; what: string; decay: number; effect: string }
interface Component {
  key: string; score: number | null; weight: number; earned: number; missed: number; signals: number;
  summary: string; headline: string; evidence: Evidence[];
}
interface Report {
  client: { id: number; name: string }; asOf: string; score: number | null; band: string; confidence: string | null;
  signals: number; trend: { days: number; previous: number | null; delta: number | null; fading: boolean };
  revenueShare: number | null; prior: { earned: number; missed: number }; components: Component[];
  caps: { key: string; reason: string; band: string }[]; capAdjustment: number; reasons: string[]; actions: string[];
  notes: string[]; terms: string[];
}

const REPORT_KEYS = [
  'client', 'asOf', 'score', 'band', 'confidence', 'signals', 'trend', 'revenueShare', 'prior', 'components', 'caps', 'capAdjustment',
  'reasons', 'actions', 'notes', 'terms',
];
const COMPONENT_FIELDS = ['key', 'score', 'weight', 'earned', 'missed', 'signals', 'summary', 'headline', 'evidence'];
// docs/scoring.md: the eight components and their default weights, and the starting point's.
const DEFAULT_WEIGHTS: Record<string, number> = {
  bids: 20, positivity: 20, payments: 20, conflict: 10, contact: 10, promises: 10, appreciation: 5, voice: 5,
};
const COMPONENTS = Object.keys(DEFAULT_WEIGHTS);
const TITLES = ['Starting point', 'Requests', 'Tone', 'Payments', 'Conflict', 'Contact', 'Promises', 'Appreciation', 'Your needs'];
const TODAY = DEFAULT_NOW.slice(0, 10);
const DAY_MS = 86_400_000;

/** The calendar date `n` days before today. */
const daysAgo = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
/** The instant `n` days before now: the clock of a crm run back then. */
const then = (n: number) => new Date(Date.parse(DEFAULT_NOW) - n * DAY_MS).toISOString();
const tenths = (x: number) => Math.round(x * 10);
const ANSI = /\x1b\[/;
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
const columns = (line: string) => [...stripAnsi(line)].length;
const bandOf = (score: number | null) => (score === null ? 'no-data' : score >= 76 ? 'healthy' : score >= 51 ? 'watch' : 'at-risk');

/** The JSON contract and the score's invariants, for one report. */
function checkReport(report: Report): void {
  const name = report.client.name;
  expect(Object.keys(report), name).toEqual(REPORT_KEYS);
  expect(Object.keys(report.client), name).toEqual(['id', 'name']);
  expect(Object.keys(report.trend), name).toEqual(['days', 'previous', 'delta', 'fading']);
  expect(report.components.map((c) => c.key), name).toEqual(COMPONENTS);
  for (const c of report.components) {
    expect(Object.keys(c), `${name} ${c.key}`).toEqual(COMPONENT_FIELDS);
    if (c.score === null) {
      expect([c.earned, c.missed], `${name} ${c.key} has no evidence`).toEqual([0, 0]);
    } else {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(100);
      expect(c.earned).toBeGreaterThanOrEqual(0);
      expect(c.missed).toBeGreaterThanOrEqual(0);
    }
  }
  expect(report.band, name).toBe(bandOf(report.score));
  const parts = [report.prior, ...report.components];
  const earned = parts.reduce((sum, c) => sum + tenths(c.earned), 0);
  const shares = parts.reduce((sum, c) => sum + tenths(c.earned) + tenths(c.missed), 0);
  if (report.score === null) {
    expect([earned, shares, report.capAdjustment], name).toEqual([0, 0, 0]);
    expect(report.confidence).toBeNull();
  } else {
    expect(earned + report.capAdjustment * 10, `${name}: the starting point, the components and the caps add up to the score`).toBe(report.score * 10);
    expect(shares, `${name}: the shares add up to 100`).toBe(1000);
    expect(['low', 'medium', 'high']).toContain(report.confidence);
  }
  expect(report.trend.delta, name).toBe(
    report.score === null || report.trend.previous === null ? null : report.score - report.trend.previous,
  );
}

let book: TempBook;
const health = (args: string[] = [], env?: NodeJS.ProcessEnv) => book.ok(['health', ...args], { env });
const healthJson = (args: string[] = []) => health([...args, '--json']).json<Report[]>();
const byName = (reports: Report[], prefix: string) => reports.find((r) => r.client.name.startsWith(prefix))!;

beforeAll(() => {
  book = new TempBook();
  const ok = (...args: string[]) => book.ok(args);
  // Clients are added when the user started following them in crm (their clock then), history logged since.
  const added = (days: number, ...args: string[]) => book.ok(['client', 'add', ...args], { now: then(days) });
  // (a) Alpha: bids answered on the spot, appreciation both ways, positive tone, invoices paid before due.
  added(540, 'Alpha Design', '--since', '2025-06-01', '--tag', 'retainer');
  ok('log', 'alpha', '--from-client', '--bid', 'can you review the draft?', '--answer', '--tone', '1', '--at', daysAgo(74));
  ok('log', 'alpha', '--from-client', '--bid', 'could we add a page?', '--answer', '--tone', '2', '--client-appreciation', 'thanks', '--feedback', '--at', daysAgo(39));
  ok('log', 'alpha', '--appreciation', 'thanks', '--tone', '1', '--at', daysAgo(21));
  ok('log', 'alpha', '--appreciation', 'gift', '--client-appreciation', 'referral', '--tone', '1', '--at', daysAgo(5));
  ok('invoice', 'add', 'alpha', '5000', '--issued', daysAgo(420), '--terms', '30'); // INV-1: older than 12 months
  ok('invoice', 'pay', 'INV-1', '--on', daysAgo(400));
  ok('invoice', 'add', 'alpha', '1000', '--issued', daysAgo(83), '--terms', '30'); // INV-2
  ok('invoice', 'pay', 'INV-2', '--on', daysAgo(56));
  ok('invoice', 'add', 'alpha', '1000', '--issued', daysAgo(34), '--terms', '30'); // INV-3
  ok('invoice', 'pay', 'INV-3', '--on', daysAgo(8));
  // (b) Brickworks: a recurring, unrepaired conflict last raised 70 days ago, an invoice 65 days overdue,
  // three bids unanswered for weeks, a complaint, criticism.
  added(682, 'Brickworks', '--since', '2025-01-10');
  ok('log', 'brick', '--conflict', 'scope creep', '--tone', '-1', '--at', daysAgo(114));
  ok('log', 'brick', '--conflict', 'scope creep', '--tone', '-1', '--horseman', 'criticism', '--at', daysAgo(70));
  ok('invoice', 'add', 'brick', '3000', '--issued', daysAgo(95), '--due', daysAgo(65)); // INV-4
  ok('log', 'brick', '--from-client', '--bid', 'send the report', '--at', daysAgo(34));
  ok('log', 'brick', '--from-client', '--bid', 'where is the report?', '--at', daysAgo(22));
  ok('log', 'brick', '--from-client', '--complaint', 'nobody answers', '--horseman', 'criticism', '--at', daysAgo(13));
  // (c) Cobalt: added just now, nothing logged.
  ok('client', 'add', 'Cobalt Labs', '--since', daysAgo(3), '--tag', 'retainer');
  // Delta: ended.
  added(632, 'Delta Ventures', '--since', '2025-03-01');
  ok('log', 'delta', '--tone', '1', '--at', daysAgo(53));
  ok('client', 'end', 'delta', '--reason', 'project finished');
});
afterAll(() => book.cleanup());

describe('crm health --json', () => {
  it('bands a well-tended client healthy, a neglected one at-risk, a new one no-data', () => {
    const reports = healthJson();
    const alpha = byName(reports, 'Alpha');
    const brick = byName(reports, 'Brickworks');
    const cobalt = byName(reports, 'Cobalt');
    expect(alpha.band).toBe('healthy');
    expect(brick.band).toBe('at-risk');
    expect(cobalt).toMatchObject({ score: null, band: 'no-data', asOf: TODAY });
    expect(cobalt.components.every((c) => c.score === null)).toBe(true);
    // What the data says, component by component.
    const component = (r: Report, key: string) => r.components.find((c) => c.key === key)!;
    expect(component(alpha, 'bids').score).toBe(100); // every bid answered in time
    expect(component(alpha, 'payments').score).toBe(100); // every invoice paid before it was due
    expect(component(alpha, 'conflict').score).toBeNull(); // no conflicts
    expect(component(brick, 'bids').score).toBe(0); // none answered
    expect(component(brick, 'positivity').score).toBe(0); // nothing warm at all
    expect(component(brick, 'conflict').score).toBe(0); // raised twice in anger, never talked through
    expect(component(brick, 'appreciation').score).toBe(0); // followed for almost two years, no gestures
    expect(brick.caps.map((c) => c.key)).toEqual(['overdue:INV-4', 'waiting']); // 65 days overdue; a complaint waiting
    expect(component(brick, 'payments').score).toBeLessThan(50);
    expect(brick.actions.length).toBeGreaterThan(0);
    expect(brick.reasons.length).toBeGreaterThan(0);
  });

  it('prints an array of reports with exactly the documented keys; earned adds up to the score; worst first', () => {
    const reports = healthJson();
    expect(Array.isArray(reports)).toBe(true);
    expect(reports.map((r) => r.client.name)).toEqual(['Brickworks', 'Alpha Design', 'Cobalt Labs']);
    for (const report of reports) {
      checkReport(report);
      expect(report.asOf).toBe(TODAY);
      expect(report.trend.days).toBe(30);
    }
    const scores = reports.map((r) => r.score);
    const known = scores.filter((s): s is number => s !== null);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(scores.slice(known.length).every((s) => s === null)).toBe(true);
  });

  it('gives each client its share of the last 12 months of invoiced revenue', () => {
    const reports = healthJson();
    // In the window: Alpha 1000 + 1000, Brickworks 3000; Alpha's 5000 from 420 days ago is outside it.
    expect(byName(reports, 'Alpha').revenueShare).toBeCloseTo(2000 / 5000, 4);
    expect(byName(reports, 'Brickworks').revenueShare).toBeCloseTo(3000 / 5000, 4);
    expect(byName(reports, 'Cobalt').revenueShare).toBeNull();
  });

  it('--ndjson prints the same reports, one per line; health <client> --json is the matching item with all evidence', () => {
    const reports = healthJson();
    const lines = health(['--ndjson']).stdout.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(reports);
    // The portfolio lists each component's 3 latest evidence rows; the client's own report lists them all.
    const portfolioView = (report: Report) => ({
      ...report,
      components: report.components.map((c) => ({ ...c, evidence: c.evidence.slice(0, 3) })),
    });
    let cut = 0;
    for (const report of reports) {
      const single = health([String(report.client.id), '--json']).json<Report>();
      expect(portfolioView(single)).toEqual(report);
      for (const c of report.components) expect(c.evidence.length).toBeLessThanOrEqual(3);
      cut += single.components.filter((c) => c.evidence.length > 3).length;
    }
    expect(cut).toBeGreaterThan(0); // the book has components with more than 3 rows, so the cut is exercised
    expect(portfolioView(health(['brick', '--json']).json<Report>())).toEqual(byName(reports, 'Brickworks'));
  });

  it('leaves ended clients out unless --all', () => {
    expect(healthJson().map((r) => r.client.name)).not.toContain('Delta Ventures');
    const all = healthJson(['--all']);
    expect(all.map((r) => r.client.name).sort()).toEqual(['Alpha Design', 'Brickworks', 'Cobalt Labs', 'Delta Ventures']);
    for (const report of all) checkReport(report);
  });

  it('--below N keeps the clients scoring below N; --tag filters; --sort orders by name, trend or score', () => {
    const reports = healthJson();
    const alpha = byName(reports, 'Alpha').score!;
    const below = (n: number) => reports.filter((r) => r.score !== null && r.score < n).map((r) => r.client.name);
    expect(healthJson(['--below', String(alpha)]).map((r) => r.client.name)).toEqual(below(alpha));
    expect(healthJson(['--below', String(alpha + 1)]).map((r) => r.client.name)).toEqual(below(alpha + 1));
    expect(below(alpha + 1)).toContain('Alpha Design');
    expect(healthJson(['--below', '0'])).toEqual([]);

    expect(healthJson(['--tag', 'retainer']).map((r) => r.client.name).sort()).toEqual(['Alpha Design', 'Cobalt Labs']);

    expect(healthJson(['--sort', 'name']).map((r) => r.client.name)).toEqual(['Alpha Design', 'Brickworks', 'Cobalt Labs']);
    const byTrend = healthJson(['--sort', 'trend']);
    const deltas = byTrend.filter((r) => r.score !== null).map((r) => r.trend.delta ?? 0);
    expect(deltas).toEqual([...deltas].sort((a, b) => a - b));
    expect(byTrend.at(-1)!.score).toBeNull();
    expect(healthJson(['--sort', 'score'])).toEqual(reports);
  });

  it("trend.previous is the score recomputed as the book stood 30 days earlier", () => {
    const now = healthJson();
    const earlier = healthJson(['--at', new Date(Date.parse(DEFAULT_NOW) - 30 * DAY_MS).toISOString()]);
    for (const report of now) {
      // A client begun since (Cobalt Labs) was not in the portfolio then, and has no previous score.
      expect(report.trend.previous, report.client.name).toBe(earlier.find((r) => r.client.id === report.client.id)?.score ?? null);
    }
    expect(earlier.map((r) => r.client.name)).not.toContain('Cobalt Labs');
    const then = healthJson(['--at', daysAgo(69)]);
    const before = healthJson(['--at', daysAgo(99)]);
    for (const report of then) {
      expect(report.asOf).toBe(daysAgo(69));
      expect(report.trend.previous, report.client.name).toBe(before.find((r) => r.client.id === report.client.id)?.score ?? null);
      checkReport(report);
    }
  });

  it('--at an earlier date scores the log as it stood then', () => {
    // 69 days ago Brickworks' invoice (due 65 days ago) was not yet due, and its bids had not come in.
    const past = health(['brick', '--at', daysAgo(69), '--json']).json<Report>();
    const today = health(['brick', '--json']).json<Report>();
    const component = (r: Report, key: string) => r.components.find((c) => c.key === key)!;
    expect(past.asOf).toBe(daysAgo(69));
    expect(component(past, 'payments').score).toBeNull(); // nothing paid or due yet: no evidence either way
    expect(component(today, 'payments').score).toBeLessThan(100);
    expect(component(past, 'bids').score).toBeNull();
    expect(component(today, 'bids').score).not.toBeNull();
    for (const c of past.components.filter((c) => c.key !== 'payments')) {
      for (const e of c.evidence) expect(e.date <= daysAgo(69), `${c.key} ${e.date} ${e.what}`).toBe(true);
    }
    expect(past.actions.join('\n')).not.toMatch(/send the report|nobody answers/);
    checkReport(past);
  });

  it('a component with nothing to its credit earns no points (even when the total is rounded up)', () => {
    // 69 days ago Brickworks had only negative tone, a heated unrepaired topic and no appreciation: s = 0 exactly.
    const past = health(['brick', '--at', daysAgo(69), '--json']).json<Report>();
    for (const key of ['positivity', 'conflict', 'appreciation']) {
      const c = past.components.find((x) => x.key === key)!;
      expect(c.score, key).toBe(0);
      expect(c.earned, `${key} scores 0 but earns points`).toBe(0);
    }
  });

  it('settings change the score: a weight of 0 drops a component; scaling every weight changes nothing', () => {
    const before = healthJson();
    try {
      book.ok(['config', 'set', 'health.weight.bids', '0']);
      const after = healthJson();
      for (const report of after) {
        checkReport(report);
        const bids = report.components.find((c) => c.key === 'bids')!;
        expect(bids.weight).toBe(0);
        expect([bids.earned, bids.missed]).toEqual([0, 0]);
      }
      // Brickworks' bids scored 0; without them its score rises.
      expect(byName(after, 'Brickworks').score!).toBeGreaterThan(byName(before, 'Brickworks').score!);
    } finally {
      book.ok(['config', 'unset', 'health.weight.bids']);
    }
    expect(healthJson()).toEqual(before);

    const weights = { ...DEFAULT_WEIGHTS, prior: 20 };
    try {
      for (const [key, weight] of Object.entries(weights)) book.ok(['config', 'set', `health.weight.${key}`, String(2 * weight)]);
      const doubled = healthJson(['--all']);
      expect(doubled.length).toBe(4);
      for (const key of Object.keys(weights)) book.ok(['config', 'unset', `health.weight.${key}`]);
      const original = healthJson(['--all']);
      for (const report of doubled) {
        const base = original.find((r) => r.client.id === report.client.id)!;
        expect(report.components.map((c) => c.weight)).toEqual(base.components.map((c) => 2 * c.weight));
        const withoutWeights = (r: Report) => ({ ...r, components: r.components.map(({ weight: _w, ...c }) => c) });
        expect(withoutWeights(report)).toEqual(withoutWeights(base));
      }
    } finally {
      for (const key of Object.keys(weights)) book.ok(['config', 'unset', `health.weight.${key}`]);
    }
  });
});

describe('crm health (text)', () => {
  it('prints the portfolio table without colour when stdout is not a terminal, with a footer counting bands', () => {
    const reports = healthJson();
    const out = health().stdout;
    expect(out).not.toMatch(ANSI);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/CLIENT\s+SCORE\s+BAND\s+TREND/);
    const blank = lines.indexOf('');
    const rows = lines.slice(1, blank);
    expect(rows.map((row) => row.split(/\s{2,}/)[0])).toEqual(reports.map((r) => r.client.name));
    const footer = lines[blank + 1]!;
    const count = (band: string) => reports.filter((r) => r.band === band).length;
    expect(footer).toContain(`${reports.length} clients`);
    expect(footer).toContain(`${count('healthy')} healthy`);
    expect(footer).toContain(`${count('watch')} watch`);
    expect(footer).toContain(`${count('at-risk')} at risk`);
    expect(footer).toContain(`${count('no-data')} no data`);
  });

  it('flags a client bringing more than 40% of the revenue in the footer, and not one at exactly 40%', () => {
    const lines = health().stdout.trimEnd().split('\n');
    const footer = lines.slice(lines.indexOf('') + 1).join('\n');
    expect(footer).toMatch(/Brickworks.*60%/); // 3000 of 5000
    expect(footer).not.toContain('Alpha Design'); // 2000 of 5000: not more than 40%
  });

  it('colours with FORCE_COLOR=1, not with NO_COLOR=1 or --no-color', () => {
    expect(health([], { FORCE_COLOR: '1' }).stdout).toMatch(ANSI);
    expect(health([], { NO_COLOR: '1' }).stdout).not.toMatch(ANSI);
    expect(health(['--no-color'], { FORCE_COLOR: '1' }).stdout).not.toMatch(ANSI);
    expect(book.ok(['--no-color', 'health'], { env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(ANSI);
    expect(health(['brick'], { FORCE_COLOR: '1' }).stdout).toMatch(ANSI);
    // Colour codes survive cutting and wrapping whole: no escape character is ever turned into a space.
    for (const out of [health([], { FORCE_COLOR: '1' }).stdout, health(['brick'], { FORCE_COLOR: '1' }).stdout]) {
      expect(out).not.toMatch(/(?<!\x1b)\[\d+(;\d+)*m/);
    }
    expect(health(['brick']).stdout).not.toMatch(ANSI);
  });

  it('the scorecard fits 80 columns, names every component, and says what would help most', () => {
    for (const [name, env] of [['brick', {}], ['alpha', {}], ['cobalt', {}], ['brick', { FORCE_COLOR: '1' }]] as const) {
      const out = health([name], env).stdout;
      for (const line of out.split('\n')) expect(columns(line), `${name}: ${line}`).toBeLessThanOrEqual(80);
      if (name !== 'cobalt') for (const title of TITLES) expect(out, `${name} names ${title}`).toContain(title);
    }
    expect(health(['cobalt']).stdout).toMatch(/^Cobalt Labs  no score yet  no-data/);
    const brick = health(['brick']).stdout;
    const report = health(['brick', '--json']).json<Report>();
    expect(brick).toContain('Brickworks');
    expect(brick).toContain('What would help most');
    // The first suggested action is shown (its first words, before any wrapping).
    expect(brick).toContain(report.actions[0]!.split(' ').slice(0, 3).join(' '));
    const alpha = health(['alpha', '--json']).json<Report>();
    expect(health(['alpha']).stdout.includes('What would help most')).toBe(alpha.actions.length > 0);
  });

  it('the scorecard fits 80 columns even for a client with a long name', () => {
    const other = new TempBook();
    try {
      const name = 'Rheinische Landesversicherung für Handwerk und Mittelstand AG';
      other.ok(['client', 'add', name, '--since', '2025-01-01']);
      other.ok(['log', 'rheinische', '--from-client', '--bid', 'please send the complete quarterly report', '--at', daysAgo(20)]);
      const out = other.ok(['health', 'rheinische']).stdout;
      expect(out).toContain('Rheinische');
      for (const line of out.split('\n')) expect(columns(line), line).toBeLessThanOrEqual(80);
    } finally {
      other.cleanup();
    }
  });

  it('names the date a heated topic was last raised, as crm remind counts it', () => {
    // "scope creep" was last raised on the date 70 days before today, in anger, and never talked through.
    const report = health(['brick', '--json']).json<Report>();
    const conflict = report.components.find((c) => c.key === 'conflict')!;
    expect(conflict.summary).toMatch(/^"scope creep" raised 2 times since it came up, not talked through yet/);
    const reminder = book.ok(['remind', '--json', '--client', 'brick']).json<{ kind: string; message: string }[]>()
      .find((r) => r.kind === 'conflict-revisit')!;
    expect(reminder.message).toContain('70 days ago');
    expect(health(['brick', '--all']).stdout).toBeDefined();
    expect(conflict.evidence[0]!.date).toBe(daysAgo(70));
  });
});

describe('crm health errors and a missing book', () => {
  it('an unknown client exits 3; a bad --below or --sort exits 2', () => {
    expectError(book.run(['health', 'nosuch']), 3, /nosuch/);
    expectError(book.run(['health', '--below', 'abc']), 2, /--below/);
    expectError(book.run(['health', '--sort', 'bogus']), 2, /bogus/);
  });

  it('on a missing book prints nothing (or [] with --json), exits 0 and creates no file', () => {
    const missing = new TempBook();
    try {
      const text = missing.run(['health']);
      expect(text.code).toBe(0);
      expect(text.stdout).toBe('');
      const json = missing.run(['health', '--json']);
      expect(json.code).toBe(0);
      expect(json.json()).toEqual([]);
      expect(fileDigest(missing.path)).toBe('missing');
      expect(runCrm(['health', '--ndjson'], { env: { CRM_DB: missing.path } }).stdout).toBe('');
      expect(fileDigest(missing.path)).toBe('missing');
    } finally {
      missing.cleanup();
    }
  });
});
