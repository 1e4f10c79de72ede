// One way to print data for every command: --json (an array or object), --ndjson (one object a line), or text.
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';

export type Format = 'text' | 'json' | 'ndjson';

export function formatOf(options: { json?: boolean; ndjson?: boolean }): Format {
  if (options.json && options.ndjson) throw new InputError('--json and --ndjson cannot be used together');
  if (options.json) return 'json';
  if (options.ndjson) return 'ndjson';
  return 'text';
}

/** JSON is indented for a person at a terminal, compact for a pipe (smaller and faster for big books). */
function json(ctx: Context, value: unknown): string {
  return ctx.stdoutIsTTY ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}

export function printList<T>(ctx: Context, format: Format, items: T[], text: () => string): void {
  if (format === 'json') ctx.out(json(ctx, items));
  else if (format === 'ndjson') {
    if (items.length) ctx.out(items.map((item) => JSON.stringify(item)).join('\n'));
  } else {
    const rendered = text();
    if (rendered) ctx.out(rendered);
  }
}

/**
 * A list whose items were serialized as they were computed (a big portfolio keeps compact UTF-8 bytes, not
 * object trees): printed as --json or --ndjson would print the objects.
 */
export function printSerialized(ctx: Context, format: 'json' | 'ndjson', items: Buffer[]): void {
  if (format === 'json' && ctx.stdoutIsTTY) {
    ctx.out(JSON.stringify(items.map((item) => JSON.parse(item.toString('utf8')) as unknown), null, 2));
    return;
  }
  // Item by item: a big book's portfolio is tens of megabytes, never joined into one string.
  const stdout = ctx.streams.stdout;
  if (format === 'json') stdout.write('[');
  items.forEach((item, i) => {
    if (i > 0) stdout.write(format === 'json' ? ',' : '\n');
    stdout.write(item);
  });
  if (format === 'json') stdout.write(']\n');
  else if (items.length) stdout.write('\n');
}

export function printItem<T>(ctx: Context, format: Format, item: T, text: () => string): void {
  if (format === 'text') ctx.out(text());
  else ctx.out(format === 'json' ? json(ctx, item) : JSON.stringify(item));
}
