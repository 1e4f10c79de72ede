// crm voice: your own needs raised with a client (payment terms, feedback, scope, your time), and whether the
// client heard them. The relationship must work for both sides (DESIGN.md section 4, "Voice").
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { checkOutcome } from '../core/standing.js';
import type { Client, Instant } from '../core/types.js';
import { quoted } from '../core/words.js';
import { day } from '../render/client.js';
import { voicesJson } from '../render/json.js';
import { formatOf, printItem, printList } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import { getClient } from '../store/clients.js';
import type { Db } from '../store/open.js';
import { insertVoice, listVoices, markVoice } from '../store/voices.js';
import { parseText } from '../core/validate.js';
import { findClient, listScope, parseId, withExamples } from './shared.js';

export function registerVoice(program: Command, ctx: Context): void {
  const voice = program
    .command('voice')
    .description('your own needs raised with clients (payment terms, feedback, your time), and whether they were heard');
  withExamples(voice, [
    'crm log acme --voice "pay within 14 days"   # raise one as you log the call',
    'crm voice list acme',
    'crm voice heard 3',
  ]);

  const list = voice
    .command('list')
    .alias('ls')
    .description('each time you raised a need, oldest first, with what came of it; a need ignored twice is flagged')
    .argument('[client]', 'id, name or unique prefix')
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .action((query, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const { client, clients } = listScope(db, query);
      const items = voicesJson(listVoices(db, client?.id), (id) => clients.get(id)!, ctx.now().at);
      printList(ctx, format, items, () => {
        if (!items.length) {
          ctx.info('None of your own needs raised yet. Raise one with: crm log acme --voice "pay within 14 days"');
          return '';
        }
        const c = palette(ctx.color);
        const colour = { open: c.yellow, heard: c.green, ignored: c.red };
        return table(
          items,
          [
            { header: 'ID', cell: (v) => String(v.id), align: 'right' },
            { header: 'RAISED', cell: (v) => day(v.raisedAt) },
            { header: 'CLIENT', cell: (v) => v.client.name, flexible: true },
            { header: 'OUTCOME', cell: (v) => (v.outcomeAt ? `${v.outcome} ${day(v.outcomeAt)}` : v.outcome), style: (s, v) => colour[v.outcome](s) },
            // The need as a whole: its last two raisings went unheard.
            { header: 'NEED', cell: (v) => (v.needIgnored ? 'ignored' : ''), style: (s, v) => (v.needIgnored ? c.red(s) : s) },
            { header: 'TEXT', cell: (v) => v.text, flexible: true },
          ],
          { width: ctx.tableWidth, header: (h) => c.dim(h) },
        );
      });
    });
  withExamples(list, ['crm voice list', 'crm voice list acme --json | jq \'.[] | select(.needIgnored)\'']);

  for (const outcome of ['heard', 'ignored'] as const) {
    const mark = voice
      .command(outcome)
      .description(
        outcome === 'heard'
          ? 'the client heard a need you raised: agreed, acted on it'
          : 'the client ignored a need you raised; raised twice and not heard, it counts against the relationship',
      )
      .argument('<id>', 'the id of the raising (see crm voice list)')
      .option('--at <time>', `when it was ${outcome} (default now): YYYY-MM-DD, "YYYY-MM-DD HH:MM", yesterday`)
      .option('--json', 'print the raising as JSON')
      .action((idText, flags) => {
        const format = formatOf(flags);
        const id = parseId(idText, 'need');
        const at = pastTime(ctx, flags.at, `record it once it is ${outcome}`);
        const db = ctx.book('update');
        const marked = markVoice(db, id, outcome, at, (found) => checkOutcome(found, outcome, at));
        const client = getClient(db, marked.clientId)!;
        const json = raisingJson(db, client, marked.id, ctx.now().at);
        if (format !== 'text') return printItem(ctx, format, json, () => '');
        const ignoredNow = json.needIgnored ? `: raised ${json.timesRaised}× and not heard, it now counts as ignored` : '';
        ctx.info(`Voice #${id} of ${client.name}, ${quoted(json.text)}, ${outcome}${ignoredNow}.`);
      });
    withExamples(mark, [`crm voice ${outcome} 3`, `crm voice ${outcome} 3 --at yesterday`]);
  }

  const add = voice
    .command('add')
    .description('record a need of yours raised with the client, without logging an interaction')
    .argument('<client>', 'id, name or unique prefix')
    .argument('<text>', 'what you asked for: payment terms, feedback, scope, respect for your time')
    .option('--at <time>', 'when you raised it (default now): YYYY-MM-DD, "YYYY-MM-DD HH:MM", yesterday')
    .option('--json', 'print the raising as JSON')
    .action((query, text, flags) => {
      const format = formatOf(flags);
      const need = parseText('voice', text, 'need');
      const at = pastTime(ctx, flags.at, 'record what has happened');
      const db = ctx.book('update');
      const client = findClient(db, query);
      const id = insertVoice(db, client.id, null, at, need);
      const json = raisingJson(db, client, id, ctx.now().at);
      if (format !== 'text') return printItem(ctx, format, json, () => '');
      const again = json.timesRaised > 1 ? ` again (voice #${id}, ${json.timesRaised}× in all)` : ` (voice #${id})`;
      ctx.info(`Raised ${quoted(need)} with ${client.name}${again}. When they answer: crm voice heard ${id}, or crm voice ignored ${id}.`);
    });
  withExamples(add, ['crm voice add acme "pay within 14 days"', 'crm voice add acme "feedback on the first draft" --at 2026-11-02']);
}

/** --at, or now; never in the future. */
function pastTime(ctx: Context, text: string | undefined, advice: string): Instant {
  const now = ctx.now().at;
  if (text === undefined) return now;
  const at = ctx.parseTime(text, 'noon', '--at');
  if (at > now + 60_000) throw new InputError(`--at ${text} is in the future: ${advice}`);
  return at;
}

/** One raising as JSON, judged with every raising of the client's. */
function raisingJson(db: Db, client: Client, id: number, now: Instant) {
  return voicesJson(listVoices(db, client.id), () => client, now).find((v) => v.id === id)!;
}
