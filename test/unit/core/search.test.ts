// The words typed after `crm search`, made into an FTS5 query: whatever is typed, SQLite's own FTS5 parser (the oracle
// here, on a table made as migration 3 makes it) takes the query without an error, and finds what the words say.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { searchQuery } from '../../../src/core/search.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const db = new Database(':memory:');
db.exec(`CREATE VIRTUAL TABLE search_index USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')`);
const texts = [
  'Zoë Ärger sent the report late, again',
  'payment within 14 days',
  'scope creep OR pricing: "the usual"',
  "don't call after 6 pm",
  'Acme wants the Q3 numbers',
];
const insert = db.prepare('INSERT INTO search_index (rowid, text) VALUES (?, ?)');
texts.forEach((text, i) => insert.run(i + 1, text));
const match = db.prepare('SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rank');
afterAll(() => db.close());

/** The rows (1-based, in `texts`) the typed words find. */
function found(typed: string): number[] {
  const query = searchQuery(typed);
  if (query === null) return [];
  return (match.all(query) as { rowid: number }[]).map((r) => r.rowid).sort();
}

describe('searchQuery', () => {
  it('finds every word, whatever its case and diacritics; the last word is a prefix', () => {
    expect(found('zoe arger')).toEqual([1]);
    expect(found('ZOË')).toEqual([1]);
    expect(found('pay')).toEqual([2]); // payment
    expect(found('days pay')).toEqual([2]);
    expect(found('pay days')).toEqual([]); // only the last word is a prefix: "pay" alone is not in the text
  });

  it('keeps a "phrase" whole, OR between words, and a prefix on a word ending in *', () => {
    expect(found('"report late"')).toEqual([1]);
    expect(found('"late report"')).toEqual([]);
    expect(found('zoe OR acme')).toEqual([1, 5]);
    expect(found('zoe or acme')).toEqual([]); // "or" in lower case is a word to find
    expect(found('numb* acme')).toEqual([5]);
    expect(found("don't")).toEqual([4]);
  });

  it('reads what would be FTS5 syntax as words: quotes, operators, columns, NEAR, parentheses', () => {
    expect(searchQuery('acme OR "')).toBe('"acme"');
    expect(found('acme OR "')).toEqual([5]);
    expect(found('text:acme')).toEqual([]); // a column filter would find row 5; here it is the words "text acme"
    expect(found('scope creep OR pricing: "the usual"')).toEqual([3]);
    expect(found('NEAR(zoe late)')).toEqual([]);
    expect(found('(acme) ^numbers +q3')).toEqual([5]);
    expect(found('AND NOT acme')).toEqual([]);
    expect(searchQuery('OR acme OR OR numbers OR')).toBe('"acme" OR "numbers"');
  });

  it('is null when there is nothing to look for', () => {
    for (const typed of ['', '   ', '"', '""', 'OR', '- * ^', '\u0301', '"" OR ""']) expect(searchQuery(typed)).toBeNull();
  });

  it('gives a query FTS5 accepts for any text at all', () => {
    const anyText = fc.oneof(
      // any code point, half surrogates included (fast-check's own 'binary' unit takes seconds to build)
      fc.string({ unit: fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)), maxLength: 40 }),
      // the characters of FTS5's syntax, and words around them, often
      fc.array(fc.constantFrom('"', '*', '(', ')', ':', '^', '+', '-', 'OR', 'AND', 'NOT', 'NEAR', ' ', 'acme', 'zoë', '\0', '\n', '{', '}', ','), { maxLength: 12 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(anyText, (typed) => {
        const query = searchQuery(typed);
        if (query !== null) match.all(query); // throws "fts5: syntax error" or "unterminated string" on a bad one
      }),
      { numRuns: 1000 },
    );
  });
});
