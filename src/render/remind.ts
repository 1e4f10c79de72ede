// The text of `crm remind`: grouped by severity, each reminder with the one thing to do about it.
import type { Context } from '../context.js';
import type { Reminder, Severity } from '../core/remind/index.js';
import { palette } from './style.js';
import { wrap } from './table.js';
import { visible } from './terminal.js';

const TITLES: Record<Severity, string> = { urgent: 'Urgent', soon: 'Soon', info: 'When you can' };

export function renderReminders(reminders: Reminder[], ctx: Context): string {
  if (!reminders.length) return '';
  const c = palette(ctx.color);
  const colour = { urgent: c.red, soon: c.yellow, info: c.cyan };
  const width = Math.max(60, Math.min(ctx.width, 100));
  const out: string[] = [];
  for (const severity of ['urgent', 'soon', 'info'] as const) {
    const group = reminders.filter((r) => r.severity === severity);
    if (!group.length) continue;
    if (out.length) out.push('');
    out.push(colour[severity].bold(`${TITLES[severity]} (${group.length})`));
    for (const r of group) {
      // Continuation lines line up under the message, after "  ● YYYY-MM-DD ".
      const indent = ' '.repeat(15);
      out.push(...wrap(`${visible(r.date)} ${visible(r.message)}`, width, `  ${colour[severity]('●')} `, indent));
      out.push(...wrap(`→ ${visible(r.action)} [${visible(r.key)}]`, width, indent, `${indent}  `).map((l) => c.dim(l)));
    }
  }
  return out.join('\n');
}
