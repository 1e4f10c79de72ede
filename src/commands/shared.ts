// Small helpers every command uses: examples in --help, client lookup, flag value parsing.
interface HelpTextTarget {
  addHelpText(position: 'after', text: string): unknown;
}

import { InputError, NotFoundError } from '../core/errors.js';
import { resolveClient } from '../core/match.js';
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

/** Commander collector for repeatable flags (--tag a --tag b). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseId(text: string, what: string): number {
  const trimmed = text.trim().replace(/^#/, '');
  if (!/^\d{1,15}$/.test(trimmed) || Number(trimmed) === 0) throw new InputError(`${what} "${text}" is not an id such as 12`);
  return Number(trimmed);
}

export function parseChoice<T extends string>(text: string, choices: readonly T[], what: string): T {
  const value = text.trim().toLowerCase();
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${what} "${text}" is not one of: ${choices.join(', ')}`);
}

/** A free-text field: trimmed, non-empty, without control characters other than newline and tab. */
export function parseText(text: string, what: string, max = 10_000): string {
  const trimmed = text.trim();
  if (!trimmed) throw new InputError(`${what} is empty`);
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(trimmed)) throw new InputError(`${what} contains control characters`);
  if (trimmed.length > max) throw new InputError(`${what} is longer than ${max} characters`);
  return trimmed;
}

/** Tags: trimmed, lower-cased, deduplicated; commas also separate ("--tag a,b"). */
export function parseTags(values: string[]): string[] {
  const tags = values.flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase()).filter(Boolean);
  for (const tag of tags) parseText(tag, 'tag', 60);
  return [...new Set(tags)];
}

export function parseEmail(text: string): string {
  const trimmed = parseText(text, 'email', 320);
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) throw new InputError(`email "${text}" is not an address such as ana@example.com`);
  return trimmed;
}
