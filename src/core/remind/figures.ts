// Reminders from portfolio figures the caller computed: health drops and revenue dependency.
import { possessive, reminder } from './text.js';
import type { PortfolioFigures, Reminder, Scope } from './types.js';

export function* healthDropReminders(scope: Scope, figures: PortfolioFigures): Generator<Reminder> {
  const { facts, moment, settings, arg } = scope;
  const health = figures.health.get(facts.client.id);
  if (!health || health.score === null || health.previous === null) return;
  const drop = health.previous - health.score;
  if (!(drop >= settings['remind.health.drop'])) return;
  const [now, then] = [Math.round(health.score), Math.round(health.previous)];
  yield reminder(scope, 'health-drop', facts.client.id, {
    severity: 'soon',
    date: moment.today,
    message: `${possessive(facts.client.name)} health fell ${Math.round(drop)} points in ${settings['health.trend.days']} days, from ${then} to ${now}.`,
    action: `See what changed with crm health ${arg}`,
    // Rounded: the score drifts by fractions daily as events decay; only a whole point brings it back.
    fingerprint: String(now),
  });
}

export function* revenueReminders(scope: Scope, figures: PortfolioFigures): Generator<Reminder> {
  const { facts, moment, settings } = scope;
  const revenue = figures.revenueShare.get(facts.client.id);
  const share = revenue?.share;
  const threshold = settings['remind.revenue.share'];
  if (share === undefined || !Number.isFinite(share) || !(share > threshold)) return;
  const of = revenue?.currency ? `your ${revenue.currency} revenue` : 'your revenue';
  yield reminder(scope, 'revenue-dependency', facts.client.id, {
    severity: 'info',
    date: moment.today,
    message: `${facts.client.name} brings ${Math.round(share * 100)}% of ${of} over 12 months; over ${Math.round(threshold * 100)}% is a dependency risk.`,
    action: 'Widen your client base so no single client carries the business; see crm health',
    fingerprint: share.toFixed(2),
  });
}
