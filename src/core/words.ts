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
