// The text of `crm health`: a portfolio table read in two seconds, and one client's scorecard.
import type { Context } from '../context.js';
import { COMPONENT_LABELS, type Band, type HealthReport } from '../core/score/index.js';
import { palette, type Palette } from './style.js';
import { displayWidth, pad, table, truncate, wrap } from './table.js';


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

export function trendText(report: HealthReport): string {
  const delta = report.trend.delta;
  if (delta === null) return '';
  if (delta === 0) return '→ 0';
  return delta > 0 ? `▲ +${delta}` : `▼ ${delta}`;
}

export interface PortfolioRow {
  report: HealthReport;
  history: (number | null)[];
  /** the report serialized, for --json and --ndjson */
  json?: string;
}

export interface PortfolioFooter {
  counts: Record<Band, number>;
  dependencies: { name: string; share: number }[];
}

export function renderPortfolio(rows: PortfolioRow[], footer: PortfolioFooter, ctx: Context): string {
  const c = palette(ctx.color);
  const body = table(
    rows,
    [
      { header: 'CLIENT', cell: (r) => r.report.client.name, flexible: true, style: (t) => c.bold(t) },
      { header: 'SCORE', cell: (r) => (r.report.score === null ? '-' : String(r.report.score)), align: 'right' },
      { header: 'BAND', cell: (r) => r.report.band, style: (t, r) => bandColour(c, r.report.band)(t) },
      {
        header: 'TREND',
        cell: (r) => `${sparkline(r.history)} ${trendText(r.report)}`.trimEnd(),
        style: (t, r) => ((r.report.trend.delta ?? 0) < 0 ? c.red(t) : (r.report.trend.delta ?? 0) > 0 ? c.green(t) : t),
      },
      { header: 'WHY', cell: (r) => topReason(r.report), flexible: true, style: (t) => c.dim(t) },
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
    const text = `! ${d.name} brings ${Math.round(d.share * 100)}% of the last 12 months' revenue: a dependency risk`;
    lines.push(...wrap(text, ctx.width, '', '  ').map((l) => c.yellow(l)));
  }
  return lines.join('\n');
}

/** The component that costs the most points, in a few words. */
function topReason(report: HealthReport): string {
  if (report.band === 'no-data') return 'nothing logged yet';
  const worst = report.components
    .filter((c) => c.score !== null && c.missed >= 1)
    .sort((a, b) => b.missed - a.missed)[0];
  return worst ? worst.headline || `${COMPONENT_LABELS[worst.key]}: ${worst.summary}` : 'all good';
}

const BAR_WIDTH = 10;

function bar(score: number | null, c: Palette): string {
  if (score === null) return c.dim('·'.repeat(BAR_WIDTH));
  const filled = Math.round((score / 100) * BAR_WIDTH);
  const colour = score >= 76 ? c.green : score >= 51 ? c.yellow : c.red;
  return colour('█'.repeat(filled)) + c.dim('░'.repeat(BAR_WIDTH - filled));
}

/** One client's scorecard, every point traced to what was logged; fits 80 columns. */
export function renderScorecard(report: HealthReport, history: (number | null)[], ctx: Context): string {
  const c = palette(ctx.color);
  const width = Math.max(60, Math.min(ctx.width, 100));
  const fit = (text: string) => truncate(text, width);
  const out: string[] = [];
  const score = report.score === null ? 'no score yet' : `${report.score}/100`;
  const tail = `  ${c.bold(score)}  ${bandColour(c, report.band)(report.band)}   as of ${report.asOf}`;
  out.push(c.bold(truncate(report.client.name, Math.max(20, width - displayWidth(tail)))) + tail);
  const trend =
    report.trend.delta === null
      ? `no score ${report.trend.days} days ago`
      : `${trendText(report)} over ${report.trend.days} days (was ${report.trend.previous})`;
  out.push(`Trend ${sparkline(history)} ${trend}`);
  if (report.revenueShare !== null) out.push(`Revenue share (12 months): ${Math.round(report.revenueShare * 100)}%`);
  out.push('');
  for (const component of report.components) {
    const title = pad(COMPONENT_LABELS[component.key], 13);
    if (component.score === null) {
      out.push(fit(`${title}${bar(null, c)}  ${c.dim('n/a')}  ${c.dim(component.summary)}`));
      continue;
    }
    const points = `${component.earned.toFixed(1)}/${(component.earned + component.missed).toFixed(1)} pts`;
    out.push(`${title}${bar(component.score, c)} ${pad(String(component.score), 4, 'right')}  ${pad(points, 13, 'right')}  weight ${component.weight}`);
    out.push(...wrap(component.summary, width, '  '));
    for (const e of component.evidence.slice(0, 4)) {
      const mark = e.effect === 'positive' ? c.green('+') : e.effect === 'negative' ? c.red('-') : c.dim('·');
      const decay = e.decay < 1 ? c.dim(` ×${e.decay.toFixed(2)}`) : '';
      out.push(fit(`    ${mark} ${e.date}  ${e.what}${decay}`));
    }
    if (component.evidence.length > 4) out.push(c.dim(`    … ${component.evidence.length - 4} more (crm health ${report.client.id} --json)`));
  }
  if (report.reasons.length) {
    out.push('', c.bold('What costs the most'));
    for (const reason of report.reasons) out.push(...wrap(`• ${reason}`, width, '  ', '    '));
  }
  if (report.actions.length) {
    out.push('', c.bold('What would help most'));
    for (const action of report.actions) out.push(...wrap(`→ ${action}`, width, '  ', '    '));
  }
  return out.join('\n');
}
