// Small helpers every command uses: examples in --help, client lookup, repeatable flags. Flag values are checked
// by the field validators of core/validate.ts, the ones import and restore use too.
interface HelpTextTarget {
  addHelpText(position: 'after', text: string): unknown;
}

import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { DatabaseError, InputError, NotFoundError } from '../core/errors.js';
import { parseId } from '../core/validate.js';
import { resolveClient } from '../core/match.js';
import { clientArg, count, possessive } from '../core/words.js';
import type { TopicStanding } from '../core/relationship.js';
import { topicStandings } from '../core/standing.js';
import type { Client, ConflictTopic, Instant } from '../core/types.js';
import { confirm } from '../prompts/confirm.js';
import { orphanWords } from '../render/doctor.js';
import { formatOf } from '../render/output.js';
import { allClientRefs, clientCandidates, getClient, listClients } from '../store/clients.js';
import { bookOrphans } from '../store/doctor.js';
import type { Db } from '../store/open.js';
import { readSettings } from '../store/settings.js';
import { conflictTalks, listTopics } from '../store/topics.js';

/** Adds an "Examples:" block to a command's --help. */
export function withExamples<C extends HelpTextTarget>(command: C, examples: string[]): C {
  command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  return command;
}

/** Finds a client by id, name (case-insensitive) or unique prefix; exit 3 with candidates otherwise. */
export function findClient(db: Db, query: string): Client {
  if (!query.trim()) throw new InputError('the client name is empty');
  const ref = resolveClient(query, clientCandidates(db, query), () => allClientRefs(db));
  const client = getClient(db, ref.id);
  if (!client) throw new NotFoundError(`no client "${query}"`);
  return client;
}

/** `crm NOUN list [client]`: the listings of one client's rows or everyone's, alike in their argument and formats. */
export function clientListCommand(parent: Command, description: string) {
  return parent
    .command('list')
    .alias('ls')
    .description(description)
    .argument('[client]', 'id, name or unique prefix')
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line');
}

/**
 * The client a row names (a bid, an invoice...): a row whose client is gone (deleted by another program with foreign
 * keys off) is refused, so nothing is changed on it and nothing reads a client that is not there.
 */
export function ownerOf(db: Db, clientId: number): Client {
  const client = getClient(db, clientId);
  if (client) return client;
  throw new NotFoundError(
    `that row belongs to client #${clientId}, which no longer exists (deleted outside crm?): crm doctor explains, crm doctor --fix removes such rows; nothing was changed`,
  );
}

/** For a list of one client's rows or everyone's: the client named (if any), and each client the rows can belong to. */
export function listScope(db: Db, query: string | undefined): { client: Client | undefined; clients: Map<number, Client> } {
  const client = query === undefined ? undefined : findClient(db, query);
  const clients = new Map((client ? [client] : listClients(db, { includeEnded: true })).map((c) => [c.id, c]));
  return { client, clients };
}

/**
 * Refuses to go on when rows of the book point to a client (or another row) that is gone: a copy of them would not
 * load back. `consequence` ends the message ("nothing was exported").
 */
export function refuseOrphans(db: Db, consequence: string): void {
  const orphans = bookOrphans(db);
  if (!orphans.length) return;
  const first = orphanWords(orphans[0]!);
  const more = orphans.length > 1 ? `, and ${count(orphans.length - 1, 'more group')}` : '';
  throw new DatabaseError(
    `the book has rows whose parent is gone (${first}${more}; deleted outside crm?): crm doctor explains, crm doctor --fix removes them; ${consequence}`,
  );
}

/**
 * The rows whose client is in `clients`. A row whose client is gone (deleted by another program with foreign keys
 * off, as the sqlite3 shell does) is left out, and one note says how many and what to do: crm doctor.
 */
export function ofKnownClients<T extends { clientId: number }>(
  ctx: Context,
  rows: readonly T[],
  clients: ReadonlyMap<number, unknown>,
  what: [one: string, many?: string],
): T[] {
  const known = rows.filter((row) => clients.has(row.clientId));
  const orphans = rows.length - known.length;
  if (orphans > 0) {
    ctx.info(
      `crm: note: left out ${count(orphans, ...what)} of a client that no longer exists (deleted outside crm?): ` +
        'crm doctor explains, crm doctor --fix removes them',
    );
  }
  return known;
}

/** The client's (or every client's) conflict topics, each with where it stands at `now`, as `crm health` judges it. */
export function topicsWithStandings(db: Db, now: Instant, clientId?: number): { topic: ConflictTopic; standing: TopicStanding | null }[] {
  const topics = listTopics(db, clientId);
  const standings = topicStandings(topics, conflictTalks(db, clientId), now, readSettings(db)['health.gridlock.raisings']);
  return topics.map((topic) => ({ topic, standing: standings.get(topic.id) ?? null }));
}

/**
 * Said after something was recorded for a client whose relationship has ended: it is kept, but an ended client
 * has no reminders (a follow-up would never come up) and is out of the portfolio's health.
 */
export function endedNote(client: Client): string {
  return `crm: note: ${possessive(client.name)} relationship ended on ${client.endedOn ?? 'an earlier day'}, so crm shows no reminders or health for it; if you work together again: crm client reopen ${clientArg(client)}`;
}

/**
 * When something happened (`--at`, or the flag named): now when not given; never in the future (a minute's grace
 * for clocks). `advice` ends the refusal.
 */
export async function pastTime(ctx: Context, text: string | undefined, advice: string, flag = '--at'): Promise<Instant> {
  return text === undefined ? ctx.now().at : ctx.readPastTime(text, flag, advice);
}

/**
 * Asks before a removal: on a terminal, `question` (yes goes on); without one, the removal needs --yes, and the
 * refusal says what it would remove. `describe` reads the book as it is (an unknown id fails there, exit 3). Asked
 * before the command's write transaction: speaking to the person commits what is open.
 */
export async function removalConfirmed(
  ctx: Context,
  yes: boolean | undefined,
  describe: (db: Db) => { question: string; removes: string },
): Promise<boolean> {
  if (yes) return true;
  const { question, removes } = describe(ctx.book('read'));
  if (!ctx.interactive) throw new InputError(`${removes}: add --yes to confirm (no terminal to ask on)`);
  if (await confirm(ctx, question)) return true;
  ctx.info('Nothing removed.');
  return false;
}

/** A row that `crm NOUN remove ID` removes: how to find it, remove it, name it and print it. */
export interface RemovableRow<Row extends { clientId: number }> {
  /** the row kind as messages name it: "bid", "follow-up", "need of yours" */
  noun: string;
  description: string;
  /** the id argument's help: where the ids are listed */
  idHelp: string;
  examples: string[];
  /** the row; an unknown id is refused (exit 3) */
  find: (db: Db, id: number) => Row;
  remove: (db: Db, id: number) => Row;
  /** the row in a few words for the question and the message: `bid #4 of Acme ("send the numbers")` */
  label: (row: Row, client: Client) => string;
  json: (row: Row, client: Client) => object;
}

/**
 * `crm NOUN remove ID [--yes] [--json]`, for a row that goes alone: asks on a terminal (--yes otherwise), removes it
 * in the command's one transaction, says what it removed (--json: the row as it was, with `removed: true`).
 */
export function registerRemove<Row extends { clientId: number }>(parent: Command, ctx: Context, row: RemovableRow<Row>): void {
  const command = parent
    .command('remove')
    .alias('rm')
    .description(row.description)
    .argument('<id>', row.idHelp)
    .option('-y, --yes', 'do not ask (needed when not on a terminal)')
    .option('--json', `print the removed ${row.noun} as JSON`)
    .action(async (idText, flags) => {
      const format = formatOf(flags);
      const id = parseId(idText, row.noun);
      const asked = await removalConfirmed(ctx, flags.yes, (db) => {
        const found = row.find(db, id);
        const what = row.label(found, ownerOf(db, found.clientId));
        return { question: `Remove ${what}?`, removes: `removing ${what}` };
      });
      if (!asked) return;
      const db = ctx.book('update');
      const removed = row.remove(db, id);
      const client = ownerOf(db, removed.clientId);
      ctx.done(`Removed ${row.label(removed, client)}.`, format, () => ({ ...row.json(removed, client), removed: true }));
    });
  withExamples(command, row.examples);
}

/** The line an edit ends with: what changed (`what` names the row: "bid #4 of Acme"), or that nothing did. */
export function editedLine(what: string, changes: readonly string[]): string {
  if (!changes.length) return `${what.charAt(0).toUpperCase()}${what.slice(1)} already says that: nothing changed.`;
  return `Updated ${what}: ${changes.join('; ')}.`;
}

/**
 * Commander collector for repeatable flags (--tag a --tag b). Given no default, a flag starts empty here, and its
 * help shows no "(default: [])".
 */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export { parseChoice } from '../core/validate.js';
export { parseId };
