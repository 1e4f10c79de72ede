// Naming a client: by id, by name (case-insensitive), or by a unique prefix.
import { NotFoundError } from './errors.js';
import type { ClientRef } from './types.js';

/**
 * The comparison key of a name: Unicode-normalised and case-folded, so "Émile" and "émile" are one client.
 * Lower-casing alone is not folding: final sigma and sharp s are folded too, so a typed prefix "ΣΊΣ" finds "Σίσυφος".
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('und').replaceAll('ς', 'σ').replaceAll('ß', 'ss').trim();
}

/** What the store found for a query; the store fetches these cheaply with indexed lookups. */
export interface ClientCandidates {
  byId: ClientRef | undefined;
  exact: ClientRef | undefined;
  prefixed: ClientRef[];
}

export function resolveClient(query: string, found: ClientCandidates, allNames: () => ClientRef[]): ClientRef {
  if (found.byId) return found.byId;
  if (found.exact) return found.exact;
  if (found.prefixed.length === 1) return found.prefixed[0]!;
  if (found.prefixed.length > 1) {
    const shown = found.prefixed.slice(0, 8).map((c) => `${c.name} (#${c.id})`);
    const more = found.prefixed.length > 8 ? `, and ${found.prefixed.length - 8} more` : '';
    throw new NotFoundError(`"${query}" matches ${found.prefixed.length} clients: ${shown.join(', ')}${more}; type more of the name or use the id`);
  }
  const suggestions = suggestNames(query, allNames());
  const hint = suggestions.length ? `; did you mean ${suggestions.map((n) => `"${n}"`).join(' or ')}?` : '';
  throw new NotFoundError(`no client "${query}"${hint}`);
}

/** Names close to the query: containing it, or within a small edit distance. At most three, closest first. */
export function suggestNames(query: string, clients: ClientRef[]): string[] {
  const key = nameKey(query);
  if (!key) return [];
  const limit = Math.max(1, Math.floor(key.length / 3));
  const scored: { name: string; distance: number }[] = [];
  for (const client of clients) {
    const other = nameKey(client.name);
    const distance = other.includes(key) ? 0 : prefixDistance(key, other, limit);
    if (distance <= limit) scored.push({ name: client.name, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored.slice(0, 3).map((s) => s.name);
}

/** The edit distance from the query to the closest start of the name ("acmx" is 1 from "Acme GmbH"). */
function prefixDistance(key: string, name: string, limit: number): number {
  let best = limit + 1;
  for (let length = Math.max(0, key.length - limit); length <= Math.min(name.length, key.length + limit); length++) {
    best = Math.min(best, editDistance(key, name.slice(0, length), limit));
  }
  return best;
}

/** Levenshtein distance, giving up early (returning limit + 1) once it exceeds limit. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
