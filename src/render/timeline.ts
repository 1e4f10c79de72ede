// The text of `crm log list`: one interaction a line, newest first, with its id (what `crm log edit` and
// `crm log remove` take), its local date, who started it, its tone, and what it carried in brackets before the
// summary, so a cut summary never hides it.
import type { Context } from '../context.js';
import { localDateOf } from '../core/dates.js';
import { carriedKinds, carriedMarks, type TimelineEntry } from '../core/timeline.js';
import { palette } from './style.js';
import { table, type Column } from './table.js';

export function renderTimeline(ctx: Context, entries: TimelineEntry[], options: { showClient: boolean }): string {
  const c = palette(ctx.color);
  const tone = (n: number) => (n > 0 ? `+${n}` : n < 0 ? String(n) : '');
  // The summary (what was carried comes first in it) and the client matter most; the channel, then who started it,
  // give way first on a screen narrower than 80 columns. The tone is a verdict: never cut.
  const columns: (Column<TimelineEntry> | false)[] = [
    { header: 'ID', cell: (e) => String(e.interaction.id), align: 'right' },
    { header: 'DATE', cell: (e) => localDateOf(e.interaction.at) },
    options.showClient && { header: 'CLIENT', cell: (e) => e.client.name, cut: true, min: 10, preferred: 12, priority: 60 },
    { header: 'CHANNEL', cell: (e) => e.interaction.channel, drop: true, priority: 30 },
    { header: 'BY', cell: (e) => (e.interaction.fromClient ? 'client' : 'you'), drop: true, priority: 40 },
    {
      header: 'TONE',
      cell: (e) => tone(e.interaction.tone),
      align: 'right',
      style: (s, e) => (e.interaction.tone > 0 ? c.green(s) : e.interaction.tone < 0 ? c.red(s) : s),
    },
    {
      header: 'SUMMARY',
      cell: (e) => {
        const marks = carriedMarks(carriedKinds(e), e.interaction.horsemen);
        // A note's line breaks are spaces in a table cell.
        const summary = (e.interaction.summary ?? '').replace(/\s+/g, ' ').trim();
        return [marks.length ? `[${marks.join(', ')}]` : '', summary].filter(Boolean).join(' ');
      },
      cut: true,
      min: 16,
      preferred: 20,
      priority: 80,
    },
  ];
  return table(entries, columns.filter((column): column is Column<TimelineEntry> => column !== false), {
    width: ctx.tableWidth,
    header: (h) => c.dim(h),
  });
}
