// crm search: find what was written (summaries, notes, bids, needs, topics, follow-ups...) by its words.
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { searchQuery } from '../core/search.js';
import { parseLimit } from '../core/validate.js';
import { quoted } from '../core/words.js';
import { searchHitJson } from '../render/json.js';
import { formatOf, printListing } from '../render/output.js';
import { renderSearch } from '../render/search.js';
import { clientCandidates } from '../store/clients.js';
import type { Db } from '../store/open.js';
import { searchableBook, searchBook } from '../store/search.js';
import { findClient, withExamples } from './shared.js';

export function registerSearch(program: Command, ctx: Context): void {
  const command = program
    .command('search')
    .description('find what you wrote: summaries, notes, bids, needs, your own needs, conflict topics and follow-ups; best matches first')
    .argument('<words...>', 'words to find, all of them (accents and case do not matter; the last word may be the start of one); "a phrase" in quotes; OR between two words for either')
    .option('--client <client>', 'only what was written about this client')
    .option('--limit <n>', 'at most this many matches (default 20; 0 for all)')
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .action((words, flags) => {
      const format = formatOf(flags);
      const typed = words.join(' ');
      const query = searchQuery(typed);
      if (query === null) throw new InputError(`nothing to search for in ${quoted(typed)}: give a word`);
      const limit = flags.limit === undefined ? 20 : parseLimit(flags.limit, '--limit');
      const db = ctx.book('read');
      searchableBook(db);
      const client = flags.client === undefined ? undefined : findClient(db, flags.client);
      const hits = searchBook(db, query, { clientId: client?.id, limit });
      const items = hits.map(searchHitJson);
      printListing(ctx, format, items, `Nothing found for ${quoted(typed)}${client ? ` about ${client.name}` : ''}.${client ? '' : namedClient(db, typed)}`, () => {
        return renderSearch(ctx, items, hits.map((hit) => hit.snippet));
      });
    });
  withExamples(command, [
    'crm search pricing',
    'crm search "scope creep" --client acme',
    "crm search '\"send the numbers\"'        # a phrase",
    'crm search invoice OR payment --limit 5',
    'crm search cafe --json | jq -r \'.[] | "\\(.kind) \\(.id): \\(.text)"\'',
  ]);
}

/** Words that name a client find nothing (names are not searched): where that client's history is. */
function namedClient(db: Db, typed: string): string {
  const found = clientCandidates(db, typed);
  const client = found.exact ?? (found.prefixed.length === 1 ? found.prefixed[0] : undefined);
  return client ? ` Names are not searched: ${client.name} is client #${client.id} (crm log list ${client.id}, crm client show ${client.id}).` : '';
}
