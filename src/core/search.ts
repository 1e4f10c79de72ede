// What a user types after `crm search`, made into an SQLite FTS5 query that cannot fail to parse. Every word goes
// into the query as a quoted string (FTS5's own escaping: a " inside is doubled), so nothing the user types is read
// as FTS5 syntax (column filters, NEAR, parentheses, ^, +, a stray quote) or as SQL. Three things are kept on
// purpose: "a phrase" in double quotes, OR between two words, and a prefix: the last word, and any word ending in *,
// matches words that start with it ("pay" finds "payment").

import type { ClientRef, Instant, LocalDate } from './types.js';

/** What `crm search` looks through: the rows whose texts are in the index (store/migrations.ts SEARCH_SOURCES). */
export type SearchKind = 'interaction' | 'bid' | 'need' | 'voice' | 'topic' | 'follow-up' | 'appreciation' | 'invoice' | 'client';

/**
 * Where a match begins and ends in a snippet: control characters, which no text crm stores holds (core/validate.ts
 * refuses them). One in a text written by another program only misplaces the highlight: every part is still shown
 * escaped.
 */
export const MATCH_START = '\x02';
export const MATCH_END = '\x03';

export interface SearchHit {
  kind: SearchKind;
  /** the row's id (an invoice's too; commands name an invoice by its number) */
  id: number;
  /** the column matched, as the book names it: summary, text, topic, note, end_reason */
  field: string;
  client: ClientRef;
  /** when it happened, for rows that keep an instant */
  at: Instant | null;
  /** the day it is about, for rows that keep a day: a follow-up's due day, an invoice's issue day */
  date: LocalDate | null;
  /** an invoice's number */
  number: string | null;
  text: string;
  /** a few words around the best match, each match between MATCH_START and MATCH_END; … where text was left out */
  snippet: string;
}

/** A character the index keeps in a word (FTS5's unicode61 tokenizer: letters, numbers, private use). */
const WORD_CHARACTER = /[\p{L}\p{N}\p{Co}]/u;

/** A word or a "quoted phrase" as typed; `star` when the word ended in *. */
interface Typed {
  text: string;
  phrase: boolean;
  star: boolean;
}

/** The FTS5 query for `typed`, or null when it holds no word to look for (only spaces, punctuation, OR). */
export function searchQuery(typed: string): string | null {
  const parts = splitTyped(typed);
  const lastPart = parts.at(-1);
  const prefixAt = lastPart !== undefined && lastPart !== 'OR' && !lastPart.phrase ? parts.length - 1 : -1;
  const out: string[] = [];
  let orPending = false;
  parts.forEach((part, i) => {
    if (part === 'OR') {
      orPending = out.length > 0;
      return;
    }
    if (!WORD_CHARACTER.test(part.text)) return; // nothing the index could hold: it would match nothing
    if (orPending) out.push('OR');
    orPending = false;
    out.push(quoteTerm(part.text, part.star || i === prefixAt));
  });
  return out.length ? out.join(' ') : null;
}

/** One word or phrase as an FTS5 string: inside double quotes, a quote doubled; `*` after it for a prefix. */
function quoteTerm(text: string, prefix: boolean): string {
  return `"${text.replaceAll('"', '""')}"${prefix ? ' *' : ''}`;
}

/**
 * The words as typed: "quoted phrases" whole (an unclosed quote runs to the end), a word ending in * marked, and
 * OR (in capitals, as FTS5 spells it) kept as the operator.
 */
function splitTyped(typed: string): (Typed | 'OR')[] {
  const parts: (Typed | 'OR')[] = [];
  // Control characters separate words, as the index reads them: FTS5 would end the query at a NUL.
  const words = typed.replace(/\p{Cc}/gu, ' ');
  for (const match of words.matchAll(/"([^"]*)"?|[^\s"]+/gu)) {
    if (match[1] !== undefined) {
      parts.push({ text: match[1], phrase: true, star: false });
    } else if (match[0] === 'OR') {
      parts.push('OR');
    } else {
      const star = match[0].endsWith('*');
      parts.push({ text: star ? match[0].replace(/\*+$/, '') : match[0], phrase: false, star });
    }
  }
  return parts;
}
