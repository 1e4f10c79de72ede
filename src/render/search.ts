// The text of `crm search`: each match as a line naming the row (kind and id, as the commands that take it name it),
// its date and client, and a line of the text around the match with the matched words highlighted on a terminal.
import type { Context } from '../context.js';
import { MATCH_END, MATCH_START } from '../core/search.js';
import type { searchHitJson } from './json.js';
import { palette } from './style.js';
import { wrap } from './table.js';
import { visible } from './terminal.js';

type Hit = ReturnType<typeof searchHitJson>;

/** The row as the commands that take it name it: `bid #4`, `need of yours #2`, `invoice INV-7`, `client #3 (note)`; a topic by its words. */
export function hitName(hit: Hit): string {
  if (hit.kind === 'invoice') return `invoice ${visible(hit.number ?? `#${hit.id}`)}`;
  if (hit.kind === 'topic') return 'topic';
  if (hit.kind === 'client') return `client #${hit.id} (${hit.field === 'endReason' ? 'why it ended' : 'note'})`;
  if (hit.kind === 'voice') return `need of yours #${hit.id}`; // crm voice heard|edit ID
  return `${hit.kind} #${hit.id}`;
}

function hitDate(hit: Hit): string {
  if (hit.date === null) return '';
  if (hit.kind === 'follow-up') return `due ${hit.date}`;
  if (hit.kind === 'invoice') return `issued ${hit.date}`;
  if (hit.kind === 'topic') return `last raised ${hit.date}`;
  return hit.date;
}

export function renderSearch(ctx: Context, hits: Hit[], snippets: string[]): string {
  const c = palette(ctx.color);
  const lines: string[] = [];
  hits.forEach((hit, i) => {
    const date = hitDate(hit);
    lines.push(`${c.bold(hitName(hit))}${date ? `  ${date}` : ''}  ${visible(hit.client.name)}`);
    // A note's line breaks are spaces here: the snippet is one line of context.
    const parts = snippets[i]!.replace(/\s+/g, ' ').trim().split(new RegExp(`[${MATCH_START}${MATCH_END}]`));
    // Odd parts are matches; each word of a match is highlighted on its own, so a line wrapped inside a phrase
    // never carries the colour to the next.
    const text = parts
      .map((part, k) => (k % 2 === 1 ? part.split(' ').map((word) => c.bold.yellow(visible(word))).join(' ') : visible(part)))
      .join('');
    lines.push(...(ctx.stdoutIsTTY ? wrap(text, ctx.width, '  ') : [`  ${text}`]));
  });
  return lines.join('\n');
}
