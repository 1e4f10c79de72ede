// Turning one imported record (a CSV row, a vCard) into values, with errors that name the row and column.
import { normaliseHeader } from '../../core/csv.js';
import { InputError } from '../../core/errors.js';

export type Record_ = Map<string, string>;

/** Maps headers to fields by name; returns the field of each column (null when ignored) and the unknown ones. */
export function mapHeaders(
  headers: string[],
  aliases: Record<string, readonly string[]>,
  ignored: readonly string[] = [],
): { fields: (string | null)[]; unknown: string[] } {
  const byAlias = new Map<string, string>();
  for (const [field, names] of Object.entries(aliases)) for (const name of [field, ...names]) byAlias.set(normaliseHeader(name), field);
  const seen = new Set<string>();
  const unknown: string[] = [];
  const fields = headers.map((header) => {
    const key = normaliseHeader(header);
    const field = byAlias.get(key);
    if (!field) {
      if (key && !ignored.map(normaliseHeader).includes(key)) unknown.push(header);
      return null;
    }
    if (seen.has(field)) throw new InputError(`the header names ${field} twice ("${header}")`);
    seen.add(field);
    return field;
  });
  return { fields, unknown };
}

/** Runs a field parser; its error is reported with the row and the column. */
export function field<T>(where: string, column: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${where}, column ${column}: ${error.message}`);
    throw error;
  }
}

const TRUE = new Set(['1', 'true', 'yes', 'y', 'x']);
const FALSE = new Set(['0', 'false', 'no', 'n', '']);

export function parseBoolean(text: string, what: string): boolean {
  const value = text.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new InputError(`${what} "${text}" is not yes/no, true/false or 1/0`);
}
