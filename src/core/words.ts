// Putting figures into words, shared by the score's explanations and the reminders.

export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A user's text quoted for a sentence: one line, at most `max` characters (whole code points). */
export function quoted(text: string, max = 60): string {
  // Most texts are short and on one line already.
  if (text.length <= max && !/\s\s|[^\S ]|^ | $/.test(text)) return `"${text}"`;
  const flat = Array.from(text.replace(/\s+/g, ' ').trim());
  return `"${flat.length > max ? `${flat.slice(0, max - 1).join('')}…` : flat.join('')}"`;
}

/** English possessive of a name: "Acme's", "Cyberdyne Systems'" (a name ending in s takes the apostrophe alone). */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/**
 * Characters that mean nothing to a POSIX shell (or fish) inside a word: letters and digits of any script, and a few
 * marks. A word of them is left bare unless it starts with = (zsh expands =cmd to a path) or - (an option).
 */
const PLAIN_WORD = /^[\p{L}\p{N}_@%+=:,./-]+$/u;

/**
 * A word any POSIX shell (and fish) reads back as `text`: bare when nothing in it is special, else single-quoted.
 * The one quoting of words crm suggests for a command line (a path, a name, a topic); render/shell.ts hands it on.
 */
export function shellWord(text: string): string {
  return PLAIN_WORD.test(text) && !/^[-=]/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * How a suggested command names a client, short: the name when it is one plain word (`crm log acme`: the exact
 * name always wins over a prefix), else the id (`crm log 5`), never a quoted name. A name of digits would read
 * as an id, and one starting with a dash as an option: the id then too.
 */
export function clientArg(client: { id: number; name: string }): string {
  const name = client.name;
  return shellWord(name) === name && !/^\d+$/.test(name) ? name : String(client.id);
}
