// Small helpers every command uses: examples in --help, client lookup, repeatable flags. Flag values are checked
// by the field validators of core/validate.ts, the ones import and restore use too.
interface HelpTextTarget {
  addHelpText(position: 'after', text: string): unknown;
}

import { InputError, NotFoundError } from '../core/errors.js';
import { resolveClient } from '../core/match.js';
import { clientArg, possessive } from '../core/words.js';
import type { TopicStanding } from '../core/relationship.js';
import { topicStandings } from '../core/standing.js';
import type { Client, ConflictTopic, Instant } from '../core/types.js';
import { allClientRefs, clientCandidates, getClient, listClients } from '../store/clients.js';
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

/** For a list of one client's rows or everyone's: the client named (if any), and each client the rows can belong to. */
export function listScope(db: Db, query: string | undefined): { client: Client | undefined; clients: Map<number, Client> } {
  const client = query === undefined ? undefined : findClient(db, query);
  const clients = new Map((client ? [client] : listClients(db, { includeEnded: true })).map((c) => [c.id, c]));
  return { client, clients };
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
 * Commander collector for repeatable flags (--tag a --tag b). Given no default, a flag starts empty here, and its
 * help shows no "(default: [])".
 */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export { parseChoice, parseId } from '../core/validate.js';
