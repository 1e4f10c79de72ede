// crm log list: the timeline, newest first, of everyone or one client, with the ids `crm log edit|remove` take.
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import { InputError } from '../../core/errors.js';
import { TIMELINE_KIND_WORDS, TIMELINE_KINDS, type TimelineKind } from '../../core/timeline.js';
import { CHANNELS, type Channel, type Client } from '../../core/types.js';
import { parseChoice, parseLimit } from '../../core/validate.js';
import { count } from '../../core/words.js';
import { timelineJson } from '../../render/json.js';
import { formatOf, jsonText, printStream } from '../../render/output.js';
import { renderTimeline } from '../../render/timeline.js';
import { countTimeline, listTimeline, type TimelineFilter } from '../../store/timeline.js';
import { collect, findClient, withExamples } from '../shared.js';

/** Rows a terminal shows unless --limit says otherwise; scripts (--json, --ndjson) get them all. */
const TEXT_LIMIT = 20;

export function registerLogList(log: CommandUnknownOpts, ctx: Context): void {
  const command = log
    .command('list')
    .alias('ls')
    .description('the timeline: interactions newest first, with their ids, of everyone or one client')
    .argument('[client]', 'id, name or unique prefix: only this client')
    .option('--since <date>', 'from this day (or time) on: YYYY-MM-DD, "YYYY-MM-DD HH:MM", yesterday')
    .option('--until <date>', 'up to this day (or time), that day included')
    .addOption(new Option('--channel <channel>', 'only this channel').choices(CHANNELS))
    .addOption(
      new Option('--kind <kind>', 'only interactions that carried this; repeat for any of several').choices(TIMELINE_KINDS).argParser(collect).default([] as string[]),
    )
    .option('--limit <n>', `at most the newest N (default ${TEXT_LIMIT} on a screen, all with --json or --ndjson; 0 for all)`)
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .action((query, flags) => {
      const format = formatOf(flags);
      const since = flags.since === undefined ? undefined : ctx.parseTime(flags.since, 'start', '--since');
      const until = flags.until === undefined ? undefined : ctx.parseTime(flags.until, 'end', '--until');
      if (since !== undefined && until !== undefined && since > until) {
        throw new InputError(`--since ${flags.since} is after --until ${flags.until}: nothing can be in between`);
      }
      const limit = flags.limit === undefined ? (format === 'text' ? TEXT_LIMIT : undefined) : parseLimit(flags.limit, '--limit');
      const db = ctx.book('read');
      const client = query === undefined ? undefined : findClient(db, query);
      const filter: TimelineFilter = {
        clientId: client?.id,
        since,
        until,
        channel: flags.channel === undefined ? undefined : (parseChoice(flags.channel, CHANNELS, '--channel') as Channel),
        kinds: flags.kind.map((k) => parseChoice(k, TIMELINE_KINDS, '--kind') as TimelineKind),
        limit,
      };
      if (format !== 'text') {
        printStream(ctx, format, (function* () {
          for (const entry of listTimeline(db, filter)) yield jsonText(timelineJson(entry));
        })());
        return;
      }
      const entries = [...listTimeline(db, filter)];
      if (!entries.length) {
        ctx.info(nothingLogged(filter, client));
        return;
      }
      ctx.out(renderTimeline(ctx, entries, { showClient: client === undefined }));
      if (limit !== undefined && entries.length === limit) {
        const total = countTimeline(db, filter);
        if (total > limit) ctx.info(`The newest ${limit} of ${count(total, 'interaction')}; --limit 0 for all of them.`);
      }
    });
  command.addHelpText(
    'after',
    `\nKinds (--kind):\n${TIMELINE_KINDS.map((kind) => `  ${kind.padEnd(13)}${TIMELINE_KIND_WORDS[kind]}`).join('\n')}\n`,
  );
  withExamples(command, [
    'crm log list',
    'crm log list acme                       # one client\'s timeline',
    'crm log list --since 2026-11-01 --kind complaint --kind conflict',
    'crm log list acme --channel meeting --limit 5',
    'crm log list --json | jq \'.[] | select(.carried | index("bid"))\'',
  ]);
}

/** Why the list is empty, in the words of the filter. */
function nothingLogged(filter: TimelineFilter, client: Client | undefined): string {
  const filtered = filter.since !== undefined || filter.until !== undefined || filter.channel !== undefined || filter.kinds.length > 0;
  if (filtered) return `No interaction${client ? ` with ${client.name}` : ''} matches these filters.`;
  return client ? `Nothing logged with ${client.name} yet: crm log ${client.id} -m "weekly call"` : 'Nothing logged yet: crm log acme -m "weekly call"';
}
