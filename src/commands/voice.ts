// crm voice: your own needs raised with a client (payment terms, feedback, scope, your time), and whether the
// client heard them. The relationship must work for both sides (DESIGN.md section 4, "Voice").
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { formatLocalTime } from '../core/dates.js';
import { checkOutcome } from '../core/standing.js';
import type { Client, Instant } from '../core/types.js';
import { quoted } from '../core/words.js';
import { day } from '../render/client.js';
import { voicesJson } from '../render/json.js';
import { formatOf, printListing } from '../render/output.js';
import { palette } from '../render/style.js';
import { table } from '../render/table.js';
import type { Db } from '../store/open.js';
import { editVoice, insertVoice, listVoices, markVoice, removeVoice, voiceOf } from '../store/voices.js';
import { parseText } from '../core/validate.js';
import { clientListCommand, editedLine, findClient, listScope, ofKnownClients, parseId, pastTime, registerRemove, ownerOf, withExamples } from './shared.js';

export function registerVoice(program: Command, ctx: Context): void {
  const voice = program
    .command('voice')
    .description('your own needs raised with clients (payment terms, feedback, your time), and whether they were heard');
  withExamples(voice, [
    'crm log acme --voice "pay within 14 days"   # raise one as you log the call',
    'crm voice list acme',
    'crm voice heard 3',
  ]);

  const list = clientListCommand(voice, 'each time you raised a need, oldest first, with what came of it; a need ignored twice is flagged')
    .action((query, flags) => {
      const format = formatOf(flags);
      const db = ctx.book('read');
      const { client, clients } = listScope(db, query);
      const items = voicesJson(ofKnownClients(ctx, listVoices(db, client?.id), clients, ['need of yours', 'needs of yours']), (id) => clients.get(id)!, ctx.now().at);
      printListing(ctx, format, items, 'None of your own needs raised yet. Raise one with: crm log acme --voice "pay within 14 days"', () => {
        const c = palette(ctx.color);
        const colour = { open: c.yellow, heard: c.green, ignored: c.red };
        return table(
          items,
          [
            { header: 'ID', cell: (v) => String(v.id), align: 'right' },
            { header: 'RAISED', cell: (v) => day(v.raisedAt), drop: true, priority: 30 },
            { header: 'CLIENT', cell: (v) => v.client.name, cut: true, min: 10, preferred: 18, priority: 60 },
            {
              header: 'OUTCOME',
              cell: (v) => (v.outcomeAt ? `${v.outcome} ${day(v.outcomeAt)}` : v.outcome),
              compact: (v) => v.outcome,
              style: (s, v) => colour[v.outcome](s),
            },
            // The need as a whole: its last two raisings went unheard. Shown when one was; the last to give way.
            { header: 'NEED', cell: (v) => (v.needIgnored ? 'ignored' : ''), drop: true, priority: 95, style: (s, v) => (v.needIgnored ? c.red(s) : s) },
            { header: 'TEXT', cell: (v) => v.text, cut: true, min: 16, preferred: 30, priority: 80 },
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
      .option('--at <time>', `when it was ${outcome} (default now): YYYY-MM-DD [HH:MM], 31-12-2026 as display.locale writes it, or words: yesterday`)
      .option('--json', 'print the raising as JSON')
      .action(async (idText, flags) => {
        const format = formatOf(flags);
        const id = parseId(idText, 'need of yours');
        const at = await pastTime(ctx, flags.at, `record it once it is ${outcome}`);
        const db = ctx.book('update');
        const marked = markVoice(db, id, outcome, at, (found) => checkOutcome(found, outcome, at));
        const client = ownerOf(db, marked.clientId);
        const json = raisingJson(db, client, marked.id, ctx.now().at);
        const ignoredNow = json.needIgnored ? `: raised ${json.timesRaised}× and not heard, it now counts as ignored` : '';
        ctx.done(`Need of yours #${id} with ${client.name}, ${quoted(json.text)}, ${outcome}${ignoredNow}.`, format, () => json);
      });
    withExamples(mark, [`crm voice ${outcome} 3`, `crm voice ${outcome} 3 --at yesterday`]);
  }

  const edit = voice
    .command('edit')
    .description('correct a need of yours you raised: its words, when you raised it, or make it open again (neither heard nor ignored)')
    .argument('<id>', 'the id of the raising (see crm voice list)')
    .option('--text <text>', 'what you asked for')
    .option('--at <time>', 'when you raised it: YYYY-MM-DD [HH:MM], as display.locale writes it, or words (one raised in an interaction moves with it: crm log edit)')
    .option('--open', 'the client has not answered yet: open again')
    .option('--json', 'print the raising as JSON')
    .action(async (idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, 'need of yours');
      const patch = {
        ...(flags.text === undefined ? {} : { text: parseText('voice', flags.text, '--text') }),
        ...(flags.at === undefined ? {} : { raisedAt: await pastTime(ctx, flags.at, 'record what has happened') }),
        ...(flags.open ? { open: true } : {}),
      };
      if (!Object.keys(patch).length) throw new InputError('nothing to change: give at least one flag, e.g. --text or --open (see crm voice edit --help)');
      const db = ctx.book('update');
      const { before, after } = editVoice(db, id, patch);
      const client = ownerOf(db, after.clientId);
      const json = raisingJson(db, client, id, ctx.now().at);
      const changes = [
        ...(before.text === after.text ? [] : [`text ${quoted(after.text)}`]),
        ...(before.raisedAt === after.raisedAt ? [] : [`raised ${formatLocalTime(after.raisedAt)}`]),
        ...(before.outcome !== after.outcome ? ['open again'] : []),
      ];
      ctx.done(editedLine(`need of yours #${id} with ${client.name}`, changes), format, () => json);
    });
  withExamples(edit, ['crm voice edit 3 --text "pay within 14 days, not 30"', 'crm voice edit 3 --open', 'crm voice edit 3 --at 2026-11-02']);

  registerRemove(voice, ctx, {
    noun: 'need of yours',
    description: 'remove a need of yours recorded by mistake (the interaction it was raised in stays)',
    idHelp: 'the id of the raising (see crm voice list)',
    examples: ['crm voice remove 3', 'crm voice remove 3 --yes'],
    find: voiceOf,
    remove: removeVoice,
    label: (found, client) => `need of yours #${found.id} with ${client.name} (${quoted(found.text, 40)})`,
    json: (found, client) => voicesJson([found], () => client, ctx.now().at)[0]!,
  });

  const add = voice
    .command('add')
    .description('record a need of yours raised with the client, without logging an interaction')
    .argument('<client>', 'id, name or unique prefix')
    .argument('<text>', 'what you asked for: payment terms, feedback, scope, respect for your time')
    .option('--at <time>', 'when you raised it (default now): YYYY-MM-DD [HH:MM], 31-12-2026 as display.locale writes it, or words: last friday')
    .option('--json', 'print the raising as JSON')
    .action(async (query, text, flags) => {
      const format = formatOf(flags);
      const need = parseText('voice', text, 'need');
      const at = await pastTime(ctx, flags.at, 'record what has happened');
      const db = ctx.book('update');
      const client = findClient(db, query);
      const id = insertVoice(db, client.id, null, at, need);
      const json = raisingJson(db, client, id, ctx.now().at);
      const again = json.timesRaised > 1 ? ` again (need of yours #${id}, ${json.timesRaised}× in all)` : ` (need of yours #${id})`;
      ctx.done(`Raised ${quoted(need)} with ${client.name}${again}. When they answer: crm voice heard ${id}, or crm voice ignored ${id}.`, format, () => json);
    });
  withExamples(add, ['crm voice add acme "pay within 14 days"', 'crm voice add acme "feedback on the first draft" --at 2026-11-02']);
}

/** One raising as JSON, judged with every raising of the client's. */
function raisingJson(db: Db, client: Client, id: number, now: Instant) {
  return voicesJson(listVoices(db, client.id), () => client, now).find((v) => v.id === id)!;
}
