import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/core/errors.js';
import { editDistance, nameKey, resolveClient, suggestNames, type ClientCandidates } from '../../../src/core/match.js';
import type { ClientRef } from '../../../src/core/types.js';

const BOOK: ClientRef[] = [
  { id: 1, name: 'Acme GmbH' },
  { id: 2, name: 'Acorn Studio' },
  { id: 3, name: 'Globex' },
  { id: 4, name: 'Émile Durand' },
  { id: 5, name: 'Acme' },
];

/** What the store's indexed lookups return, computed the same way over BOOK. */
function candidates(query: string, book = BOOK): ClientCandidates {
  const key = nameKey(query);
  const trimmed = query.trim().replace(/^#(?=\d+$)/, '');
  return {
    byId: /^\d+$/.test(trimmed) ? book.find((c) => c.id === Number(trimmed)) : undefined,
    exact: book.find((c) => nameKey(c.name) === key),
    prefixed: key ? book.filter((c) => nameKey(c.name).startsWith(key)) : [],
  };
}

const resolve = (query: string, book = BOOK) => resolveClient(query, candidates(query, book), () => book);

describe('nameKey', () => {
  it('folds case, including accented capitals', () => {
    expect(nameKey('ÉMILE Durand')).toBe(nameKey('émile durand'));
    expect(nameKey('  Acme GmbH ')).toBe('acme gmbh');
  });

  it('treats composed and decomposed accents as the same name', () => {
    expect(nameKey('E\u0301mile')).toBe(nameKey('\u00c9mile'));
  });

  it('folds final sigma and sharp s, so a typed prefix of a Greek name matches', () => {
    expect(nameKey('Σίσυφος').startsWith(nameKey('ΣΊΣ'))).toBe(true);
    expect(nameKey('STRASSE')).toBe(nameKey('Straße'));
  });

  it('keeps different names apart', () => {
    expect(nameKey('Acme')).not.toBe(nameKey('Acne'));
    expect(nameKey('Émile')).not.toBe(nameKey('Emile'));
  });
});

describe('resolveClient', () => {
  it('finds a client by id, with or without #', () => {
    expect(resolve('3')).toEqual({ id: 3, name: 'Globex' });
    expect(resolve('#3')).toEqual({ id: 3, name: 'Globex' });
  });

  it('finds a client by name whatever its case', () => {
    expect(resolve('GLOBEX').id).toBe(3);
    expect(resolve('émile durand').id).toBe(4);
    expect(resolve('ÉMILE DURAND').id).toBe(4);
  });

  it('prefers an exact name over longer names sharing it as a prefix', () => {
    expect(resolve('acme').id).toBe(5);
  });

  it('finds a client by a unique prefix', () => {
    expect(resolve('glo').id).toBe(3);
    expect(resolve('acor').id).toBe(2);
    expect(resolve('émi').id).toBe(4);
  });

  it('refuses an ambiguous prefix and lists the candidates with their ids', () => {
    expect(() => resolve('ac')).toThrow(NotFoundError);
    expect(() => resolve('ac')).toThrow(/"ac" matches 3 clients: Acme GmbH \(#1\), Acorn Studio \(#2\), Acme \(#5\)/);
  });

  it('says how many more there are when the candidates are many', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `Client ${i + 1}` }));
    expect(() => resolve('client', many)).toThrow(/matches 12 clients: .*, and 4 more;/);
  });

  it('refuses an unknown name and suggests close ones', () => {
    expect(() => resolve('Globx')).toThrow(/^no client "Globx"; did you mean "Globex"\?$/);
    expect(() => resolve('acmx')).toThrow(/did you mean "Acme"/);
  });

  it('refuses an unknown name without a suggestion when nothing is close', () => {
    expect(() => resolve('Initech')).toThrow(/^no client "Initech"$/);
  });

  it('does not take an unknown id as a name', () => {
    expect(() => resolve('42')).toThrow(NotFoundError);
  });
});

describe('suggestNames', () => {
  it('suggests names containing the query or within a small edit distance, closest first, at most three', () => {
    expect(suggestNames('studio', BOOK)).toEqual(['Acorn Studio']);
    expect(suggestNames('globx', BOOK)).toEqual(['Globex']);
    expect(suggestNames('emile', BOOK)).toEqual(['Émile Durand']);
    expect(suggestNames('acm', BOOK).length).toBeLessThanOrEqual(3);
    expect(suggestNames('acme gmbhh', BOOK)[0]).toBe('Acme GmbH');
    expect(suggestNames('acmx', [{ id: 1, name: 'Acme GmbH' }])).toEqual(['Acme GmbH']); // a typo in a prefix
    expect(suggestNames('glbex', [{ id: 1, name: 'Globex Corporation' }])).toEqual(['Globex Corporation']);
  });

  it('suggests nothing for an empty or far-off query', () => {
    expect(suggestNames('   ', BOOK)).toEqual([]);
    expect(suggestNames('zzzzzz', BOOK)).toEqual([]);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('acme', 'acme')).toBe(0);
    expect(editDistance('acme', 'acne')).toBe(1);
  });

  it('gives up past the limit with more than the limit', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('is a metric: zero only for equal strings, symmetric, and obeys the triangle inequality', () => {
    const word = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        const ab = editDistance(a, b);
        expect(ab).toBe(editDistance(b, a));
        expect(ab === 0).toBe(a === b);
        expect(editDistance(a, c)).toBeLessThanOrEqual(ab + editDistance(b, c));
        expect(ab).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });

  it('with a limit, is exact up to the limit and more than the limit beyond it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), fc.integer({ min: 0, max: 5 }), (a, b, limit) => {
        const exact = editDistance(a, b);
        const bounded = editDistance(a, b, limit);
        if (exact <= limit) expect(bounded).toBe(exact);
        else expect(bounded).toBeGreaterThan(limit);
      }),
    );
  });
});
