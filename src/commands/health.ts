// crm health: each morning, which relationships are thriving and which need care, and why.
import { Option, type Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { nameKey } from '../core/match.js';
import { possessive } from '../core/words.js';
import { PORTFOLIO_EVIDENCE, assess, revenueShares, revenueWindow, type Band, type HealthReport, type RevenueShare } from '../core/score/index.js';
import type { ClientFacts, Moment } from '../core/types.js';
import type { Settings } from '../core/settings.js';
import { renderPortfolio, renderScorecard, type PortfolioRow } from '../render/health.js';
import { formatOf, jsonText, printItem, printList, printSerialized } from '../render/output.js';
import { clientFacts, portfolioFacts } from '../store/facts.js';
import { revenueTotals } from '../store/invoices.js';
import type { Db } from '../store/open.js';
import { readSettings } from '../store/settings.js';
import { findClient, withExamples } from './shared.js';

const SORTS = ['score', 'trend', 'name'] as const;

export function registerHealth(program: Command, ctx: Context): void {
  const command = program
    .command('health')
    .description("the portfolio's health, worst first; or one client's scorecard with the reasons and what would help")
    .argument('[client]', 'id, name or unique prefix: show this client\'s scorecard')
    .option('--at <date>', 'score as of this date (default now; a bare date means the end of that day)')
    .addOption(new Option('--sort <order>', 'order of the portfolio').choices(SORTS).default('score' as (typeof SORTS)[number]))
    .option('--below <score>', 'only clients scoring below this')
    .option('--tag <tag>', 'only clients with this tag')
    .option('--all', 'include ended clients')
    .option('--json', 'print JSON (an array, or an object for one client)')
    .option('--ndjson', 'print one JSON object per line')
    .action((query, flags) => runHealth(ctx, query, flags));
  withExamples(command, [
    'crm health',
    'crm health acme',
    'crm health --below 60 --sort trend',
    'crm health --at 2026-06-30 --json | jq ".[] | {name: .client.name, score}"',
  ]);
}

export interface HealthFlags {
  at?: string;
  sort: (typeof SORTS)[number];
  below?: string;
  tag?: string;
  all?: boolean;
  json?: boolean;
  ndjson?: boolean;
}

export async function runHealth(ctx: Context, query: string | undefined, flags: HealthFlags): Promise<void> {
  const format = formatOf(flags);
  const moment = await ctx.asOf(flags.at);
  const below = flags.below === undefined ? undefined : parseBelow(flags.below);
  const db = ctx.book('read');
  const settings = readSettings(db);
  if (query !== undefined) {
    const client = findClient(db, query);
    if (client.since > moment.today) {
      throw new InputError(`${possessive(client.name)} relationship began on ${client.since}, after ${moment.today}: there is no health to show as of then`);
    }
    const facts = clientFacts(db, client.id)!;
    const share = revenueShares(revenueTotals(db, revenueWindow(moment), client.id)).get(client.id) ?? null;
    const { report, history } = assess(facts, moment, settings, share, { history: format === 'text' });
    printItem(ctx, format, report, () => renderScorecard(report, history, ctx));
    return;
  }
  const shares = revenueShares(revenueTotals(db, revenueWindow(moment)));
  const rows = portfolio(db, moment, settings, shares, { tag: flags.tag, includeEnded: flags.all, text: format === 'text' })
    .filter((row) => below === undefined || (row.report.score !== null && row.report.score < below));
  sortRows(rows, flags.sort);
  if (format !== 'text') {
    printSerialized(ctx, format, rows.map((r) => r.json!));
    return;
  }
  const reports = rows.map((r) => r.report);
  printList(ctx, format, reports, () => {
    if (!rows.length) {
      ctx.info(below === undefined ? 'No clients yet. Add one: crm client add "Acme GmbH" (or try crm demo)' : `No client scores below ${below}.`);
      return '';
    }
    const counts: Record<Band, number> = { healthy: 0, watch: 0, 'at-risk': 0, 'no-data': 0 };
    for (const r of reports) counts[r.band]++;
    const threshold = settings['remind.revenue.share'];
    const dependencies = reports
      .filter((r) => r.revenueShare !== null && r.revenueShare > threshold)
      .map((r) => ({ name: r.client.name, share: r.revenueShare!, currency: shares.get(r.client.id)?.currency ?? null }));
    return renderPortfolio(rows, { counts, dependencies }, ctx);
  });
}

function parseBelow(text: string): number {
  if (!/^\d{1,3}$/.test(text.trim()) || Number(text) > 100) throw new InputError(`--below "${text}" must be a score from 0 to 100`);
  return Number(text);
}

function portfolio(
  db: Db,
  moment: Moment,
  settings: Settings,
  shares: Map<number, RevenueShare>,
  options: { tag?: string; includeEnded?: boolean; text: boolean },
): PortfolioRow[] {
  const rows: PortfolioRow[] = [];
  const reading = { moment, settings, history: options.text };
  // The portfolio as it stood then: not the clients that had not begun yet, nor those that had ended by then.
  const clients = { tag: options.tag, includeEnded: options.includeEnded, asOf: moment.today };
  for (const facts of portfolioFacts(db, clients, reading)) {
    const { report, history } = assess(facts, moment, settings, shares.get(facts.client.id) ?? null, {
      evidenceLimit: PORTFOLIO_EVIDENCE,
      history: options.text,
    });
    if (options.text) {
      rows.push({ report, history });
    } else {
      // For JSON, keep the report as its text and only what sorting needs: a big book's reports stay small.
      rows.push({ report: { ...report, components: [], reasons: [], actions: [] }, history: [], json: Buffer.from(jsonText(report)) });
    }
  }
  return rows;
}

const BAND_ORDER: Record<Band, number> = { 'at-risk': 0, watch: 1, healthy: 2, 'no-data': 3 };

/** Worst first; clients with no data last; ties by name so the order is stable. */
function sortRows(rows: PortfolioRow[], order: (typeof SORTS)[number]): void {
  // By the case-folded name, as the book sorts clients (localeCompare would load the collator: slow to start).
  const keys = new Map(rows.map(({ report }) => [report.client.id, nameKey(report.client.name)]));
  const byName = (a: HealthReport, b: HealthReport) => {
    const [x, y] = [keys.get(a.client.id)!, keys.get(b.client.id)!];
    return x < y ? -1 : x > y ? 1 : a.client.id - b.client.id;
  };
  rows.sort(({ report: a }, { report: b }) => {
    if (order === 'name') return byName(a, b);
    if ((a.score === null) !== (b.score === null)) return a.score === null ? 1 : -1;
    if (order === 'trend') return (a.trend.delta ?? 0) - (b.trend.delta ?? 0) || byName(a, b);
    return (a.score ?? 0) - (b.score ?? 0) || BAND_ORDER[a.band] - BAND_ORDER[b.band] || byName(a, b);
  });
}
