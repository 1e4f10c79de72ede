// The account manager's stories (stories.ts), scored at a fixed now with the default settings.
// SCENARIO_TABLE=1 prints a table of band and score per story.
import { describe, expect, it } from 'vitest';
import { healthReport, type HealthReport } from '../../src/core/score/index.js';
import { defaultSettings } from '../../src/core/settings.js';
import { MOMENT } from '../unit/score/builders.js';
import { SCENARIOS, type Scenario } from './stories.js';

function scored(scenario: Scenario): HealthReport {
  return healthReport(scenario.facts(), MOMENT, defaultSettings(), scenario.revenueShare === undefined ? null : { share: scenario.revenueShare, currency: null });
}

/** What the user reads first: caps, what costs the most, what would help. */
function firstRead(report: HealthReport): string {
  const caps = (report as { caps?: { reason: string }[] }).caps ?? [];
  return [...caps.map((c) => c.reason), ...report.reasons, ...report.actions].join('\n');
}

/** Everything the scorecard says. */
function everything(report: HealthReport): string {
  return [
    firstRead(report),
    ...report.components.flatMap((c) => [c.summary, c.headline ?? '', ...c.evidence.map((e) => e.what)]),
    ...((report as { notes?: string[] }).notes ?? []),
  ].join('\n');
}

describe('client stories an account manager classified', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s', (_, scenario) => {
    const report = scored(scenario);
    expect(report.band, `${scenario.told}\n\nscored ${report.score}`).toBe(scenario.band);
    for (const cause of scenario.names ?? []) expect(firstRead(report)).toMatch(cause);
    for (const phrase of scenario.says ?? []) expect(everything(report)).toMatch(phrase);
    for (const wrong of scenario.never ?? []) expect(firstRead(report)).not.toMatch(wrong);
    if (scenario.confidence) expect((report as { confidence?: string }).confidence).toBe(scenario.confidence);
  });

  it('tells at least 20 stories, each once, covering every band (SCENARIO_TABLE=1 prints band and score per story)', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    expect(new Set(SCENARIOS.map((s) => s.band))).toEqual(new Set(['healthy', 'watch', 'at-risk', 'no-data']));
    if (process.env.SCENARIO_TABLE !== '1') return;
    const lines = ['| story | expected | band | score |', '|---|---|---|---|'];
    for (const scenario of SCENARIOS) {
      const report = scored(scenario);
      lines.push(`| ${scenario.id} | ${scenario.band} | ${report.band} | ${report.score ?? '-'} |`);
    }
    console.log(lines.join('\n'));
  });
});
