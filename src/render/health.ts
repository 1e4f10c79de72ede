// The text of `crm health`: a portfolio table read in two seconds, and one client's scorecard that traces every
// point to what was logged, in plain words first (DESIGN.md section 4, "Explanations").
import type { Context } from '../context.js';
import { COMPONENT_LABELS, type Band, type ComponentResult, type HealthReport, type Term } from '../core/score/index.js';
import { palette, type Palette } from './style.js';
import { displayWidth, pad, table, truncate, wrap } from './table.js';
import { visible } from './terminal.js';

const SPARKS = '▁▂▃▄▅▆▇█';

/** A sparkline of scores 0..100; a gap where there was no score yet. */
export function sparkline(history: (number | null)[]): string {
  return history.map((s) => (s === null ? ' ' : SPARKS[Math.min(SPARKS.length - 1, Math.floor((s / 100) * SPARKS.length))])).join('');
}

export function bandColour(c: Palette, band: Band): (text: string) => string {
  switch (band) {
    case 'healthy':
      return c.green;
    case 'watch':
      return c.yellow;
    case 'at-risk':
      return c.red;
    default:
      return c.dim;
  }
}

/** "▲ +6"; a rise that only older problems fading explain gets a hollow arrow: "△ +6". */
export function trendText(report: HealthReport): string {
  const delta = report.trend.delta;
  if (delta === null) return '';
  if (delta === 0) return '→ 0';
  if (delta > 0) return `${report.trend.fading ? '△' : '▲'} +${delta}`;
  return `▼ ${delta}`;
}

export interface PortfolioRow {
  report: HealthReport;
  history: (number | null)[];
  /** the report serialized (UTF-8), for --json and --ndjson */
  json?: Buffer;
}

export interface PortfolioFooter {
  counts: Record<Band, number>;
  dependencies: { name: string; share: number; currency: string | null }[];
}

export function renderPortfolio(rows: PortfolioRow[], footer: PortfolioFooter, ctx: Context): string {
  const c = palette(ctx.color);
  const body = table(
    rows,
    [
      { header: 'CLIENT', cell: (r) => r.report.client.name, cut: true, min: 12, preferred: 22, priority: 60, style: (t) => c.bold(t) },
      { header: 'SCORE', cell: (r) => (r.report.score === null ? '-' : String(r.report.score)), align: 'right' },
      { header: 'BAND', cell: (r) => r.report.band, style: (t, r) => bandColour(c, r.report.band)(t) },
      {
        header: 'TREND',
        cell: (r) => `${sparkline(r.history)} ${trendText(r.report)}`.trimEnd(),
        // Worth more than the end of a long name; the arrow alone before the column goes.
        compact: (r) => trendText(r.report),
        drop: true,
        priority: 70,
        style: (t, r) => {
          const delta = r.report.trend.delta ?? 0;
          return delta < 0 ? c.red(t) : delta > 0 && !r.report.trend.fading ? c.green(t) : t;
        },
      },
      // The verdict in words: wrapped, never cut.
      { header: 'WHY', cell: (r) => why(r.report), wrap: true, min: 20, preferred: 30, priority: 90, style: (t) => c.dim(t) },
    ],
    { width: ctx.tableWidth, header: (h) => c.dim(h) },
  );
  const counts = footer.counts;
  const parts = [
    `${rows.length} client${rows.length === 1 ? '' : 's'}`,
    c.green(`${counts.healthy} healthy`),
    c.yellow(`${counts.watch} watch`),
    c.red(`${counts['at-risk']} at risk`),
  ];
  if (counts['no-data']) parts.push(c.dim(`${counts['no-data']} no data`));
  const lines = [body, '', parts.join(' · ')];
  for (const d of footer.dependencies) {
    const of = d.currency ? `your ${d.currency} revenue` : 'your revenue';
    const text = `! ${visible(d.name)} brings ${Math.round(d.share * 100)}% of ${of} (last 12 months): a dependency risk`;
    lines.push(...wrap(text, ctx.width, '', '  ').map((l) => c.yellow(l)));
  }
  if (rows.some((r) => r.report.trend.fading && (r.report.trend.delta ?? 0) > 0)) {
    lines.push(c.dim('△ a rise only because older problems are fading, not because of anything new'));
  }
  return lines.join('\n');
}

/** Which component tells a red flag in a few words. */
const CAP_COMPONENT: Record<string, ComponentResult['key']> = {
  overdue: 'payments',
  contempt: 'positivity',
  gridlock: 'conflict',
  waiting: 'bids',
  promises: 'promises',
};

/** The first thing to know about a client, in a few words: a red flag, else what costs the most. */
function why(report: HealthReport): string {
  if (report.band === 'no-data') return 'nothing logged yet';
  const cap = report.caps[0];
  if (cap) {
    const headline = report.components.find((c) => c.key === CAP_COMPONENT[cap.key.split(':')[0]!])?.headline;
    return headline || cap.reason;
  }
  const worst = worstComponent(report);
  if (worst) return worst.headline || `${COMPONENT_LABELS[worst.key]}: ${worst.summary}`;
  if (report.confidence === 'low') return report.signals ? `early days: ${signals(report.signals)}` : 'early days: nothing logged yet';
  return 'all good';
}

function worstComponent(report: HealthReport): ComponentResult | undefined {
  return report.components.filter((c) => c.score !== null && c.missed >= 1).sort((a, b) => b.missed - a.missed)[0];
}

function signals(n: number): string {
  return `${n} signal${n === 1 ? '' : 's'}`;
}

const BAR_WIDTH = 10;
const LABEL = 16;

/** The bar shows the points earned of the component's share: full bar, full points. */
function bar(component: ComponentResult, c: Palette): string {
  const share = component.earned + component.missed;
  if (component.score === null || share <= 0) return c.dim('·'.repeat(BAR_WIDTH));
  const filled = Math.round((component.earned / share) * BAR_WIDTH);
  const colour = component.score >= 76 ? c.green : component.score >= 51 ? c.yellow : c.red;
  return colour('█'.repeat(filled)) + c.dim('░'.repeat(BAR_WIDTH - filled));
}

const GLOSSARY: Record<Term, string> = {
  bid: 'Requests: a question, a request or a complaint is a "bid for attention" (Gottman). Couples still together six years on had answered 86% of them, those who split 33%.',
  ratio: 'Tone: stable relationships keep about 5 good moments to 1 hard one, failing ones 0.8 to 1 (Gottman and Levenson).',
  horsemen: 'Criticism, contempt, defensiveness and stonewalling are the "four horsemen" (Gottman); contempt predicts a breakup best.',
  gridlock: 'Gridlock: a topic raised 3 times in a row without a repair or a calm talk. Most conflicts are perpetual; gridlock is what hurts.',
  voice: 'Your needs: what you asked of the client for your own sake (crm log --voice), and whether they heard it.',
  prior: 'Starting point: every client starts at 72 (watch). Evidence moves the score away from it; with nothing new, it drifts back.',
};

/** One client's scorecard, every point traced to what was logged; fits 80 columns. */
export function renderScorecard(report: HealthReport, history: (number | null)[], ctx: Context): string {
  const c = palette(ctx.color);
  const width = Math.max(60, Math.min(ctx.width, 100));
  const fit = (text: string) => truncate(text, width);
  const out: string[] = [];
  const score = report.score === null ? 'no score yet' : `${report.score}/100`;
  const confidence = report.confidence ? c.dim(`  ${report.confidence} confidence`) : '';
  const tail = `  ${c.bold(score)}  ${bandColour(c, report.band)(report.band)}${confidence}   as of ${report.asOf}`;
  out.push(c.bold(truncate(visible(report.client.name), Math.max(20, width - displayWidth(tail)))) + tail);
  if (report.score === null) {
    out.push(...wrap('No score yet: nothing is known about this client so far (history before crm followed it does not count against it).', width));
    out.push(...wrap(`Log what happens (crm log ${report.client.id} ...) and a score appears.`, width).map((l) => c.dim(l)));
    return out.join('\n');
  }
  const trend =
    report.trend.delta === null
      ? `no score ${report.trend.days} days ago`
      : `${trendText(report)} over ${report.trend.days} days (was ${report.trend.previous})${report.trend.fading ? ': older problems fading, nothing new' : ''}`;
  out.push(`Trend ${sparkline(history)} ${trend}`);
  // The explanations are the core's words with the book's values in them (names, bid texts, invoice numbers):
  // made visible whole, then coloured line by line.
  for (const cap of report.caps) out.push(...wrap(`! capped at ${cap.band}: ${visible(cap.reason)}`, width, '', '  ').map((l) => c.red(l)));
  for (const note of report.notes) out.push(...wrap(`! ${visible(note)}`, width, '', '  ').map((l) => c.yellow(l)));
  out.push('');

  const pts = (earned: number, share: number) => `${earned.toFixed(1)} of ${share.toFixed(1)} pts`;
  const priorShare = report.prior.earned + report.prior.missed;
  out.push(fit(`${pad('Starting point', LABEL)}${c.dim('·'.repeat(BAR_WIDTH))}      ${pad(pts(report.prior.earned, priorShare), 18, 'right')}  ${c.dim('where every client starts')}`));
  if (report.capAdjustment < 0) {
    out.push(fit(`${pad('Cap', LABEL)}${c.dim('·'.repeat(BAR_WIDTH))}      ${pad(`${report.capAdjustment.toFixed(1)} pts`, 18, 'right')}  ${c.dim(`a red flag keeps it at ${report.band}`)}`));
  }
  for (const component of orderForReading(report.components)) {
    const title = pad(COMPONENT_LABELS[component.key], LABEL);
    if (component.score === null) {
      // Wrapped under itself: cut, the reason there is nothing to judge was lost ("crm started following th…").
      const indent = LABEL + BAR_WIDTH + 2 + 'n/a  '.length;
      const [first = '', ...rest] = wrap(visible(component.summary), width - indent);
      out.push(`${title}${bar(component, c)}  ${c.dim(`n/a  ${first}`)}`, ...rest.map((l) => ' '.repeat(indent) + c.dim(l)));
      continue;
    }
    const share = component.earned + component.missed;
    out.push(`${title}${bar(component, c)} ${pad(String(component.score), 4, 'right')}  ${pad(pts(component.earned, share), 18, 'right')}`);
    out.push(...wrap(visible(component.summary), width, '  '));
    for (const e of component.evidence.slice(0, 3)) {
      const mark = e.effect === 'positive' ? c.green('+') : e.effect === 'negative' ? c.red('-') : c.dim('·');
      out.push(...wrap(`${visible(e.date)}  ${visible(e.what)}`, width, `    ${mark} `, '                  '));
    }
    if (component.evidence.length > 3) out.push(c.dim(`    … ${component.evidence.length - 3} more (crm health ${report.client.id} --json)`));
  }
  if (report.reasons.length) {
    out.push('', c.bold('What costs the most'));
    for (const reason of report.reasons) out.push(...wrap(`• ${visible(reason)}`, width, '  ', '    '));
  }
  if (report.actions.length) {
    out.push('', c.bold('What would help most'));
    for (const action of report.actions) out.push(...wrap(`→ ${visible(action)}`, width, '  ', '    '));
  }
  if (report.terms.length) {
    out.push('');
    const terms = (Object.keys(GLOSSARY) as Term[]).filter((term) => report.terms.includes(term));
    for (const term of terms) out.push(...wrap(GLOSSARY[term], width, '', '  ').map((l) => c.dim(l)));
  }
  return out.join('\n');
}

/** Components with evidence first (in the model's order), then the ones with nothing to judge yet. */
function orderForReading(components: ComponentResult[]): ComponentResult[] {
  return [...components.filter((x) => x.score !== null), ...components.filter((x) => x.score === null)];
}
