// One way to print data for every command: --json (an array or object), --ndjson (one object a line), or text.
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { escapeJson } from './terminal.js';

export type Format = 'text' | 'json' | 'ndjson';

export function formatOf(options: { json?: boolean; ndjson?: boolean }): Format {
  if (options.json && options.ndjson) throw new InputError('--json and --ndjson cannot be used together');
  if (options.json) return 'json';
  if (options.ndjson) return 'ndjson';
  return 'text';
}

/**
 * A value as JSON, every character a terminal would act on (C1 controls, bidi overrides...) as a \u escape:
 * what a parser reads is unchanged, what a screen shows is safe (render/terminal.ts).
 */
export function jsonText(value: unknown, indent?: number): string {
  return escapeJson(JSON.stringify(value, null, indent));
}

/** JSON is indented for a person at a terminal, compact for a pipe (smaller and faster for big books). */
function json(ctx: Context, value: unknown): string {
  return ctx.stdoutIsTTY ? jsonText(value, 2) : jsonText(value);
}

export function printList<T>(ctx: Context, format: Format, items: T[], text: () => string): void {
  if (format === 'text') {
    const rendered = text();
    if (rendered) ctx.out(rendered);
  } else if (format === 'json' && ctx.stdoutIsTTY) ctx.outVerbatim(`${json(ctx, items)}\n`);
  else writeItems(ctx, format, items.map((item) => jsonText(item)));
}

/** A listing that, on a terminal or in a pipe as text, says `empty` on stderr when there is nothing in it. */
export function printListing<T>(ctx: Context, format: Format, items: T[], empty: string, text: () => string): void {
  if (format === 'text' && !items.length) ctx.info(empty);
  else printList(ctx, format, items, text);
}

/**
 * A list whose items were serialized (by jsonText) as they were computed (a big portfolio keeps compact UTF-8
 * bytes, not object trees): printed as --json or --ndjson would print the objects.
 */
export function printSerialized(ctx: Context, format: 'json' | 'ndjson', items: Buffer[]): void {
  if (format === 'json' && ctx.stdoutIsTTY) {
    ctx.outVerbatim(`${jsonText(items.map((item) => JSON.parse(item.toString('utf8')) as unknown), 2)}\n`);
    return;
  }
  writeItems(ctx, format, items);
}

/** Bytes handed to stdout at a time: few writes, and never the whole output of a big book in one string. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Items serialized one at a time as they are read (a timeline of a million interactions), never all in memory:
 * written in chunks as they come, as --json or --ndjson would print the objects.
 */
export function printStream(ctx: Context, format: 'json' | 'ndjson', items: Iterable<string | Buffer>): void {
  if (format === 'json' && ctx.stdoutIsTTY) {
    printSerialized(ctx, format, [...items].map((item) => (typeof item === 'string' ? Buffer.from(item) : item)));
    return;
  }
  writeItems(ctx, format, items);
}

/** Compact items as a JSON array or one per line, written in chunks (a big book's list is tens of megabytes). */
function writeItems(ctx: Context, format: 'json' | 'ndjson', items: Iterable<string | Buffer>): void {
  const stdout = ctx.streams.stdout;
  let chunk: (string | Buffer)[] = [];
  let size = 0;
  const flush = () => {
    if (chunk.length) stdout.write(Buffer.concat(chunk.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)), size));
    chunk = [];
    size = 0;
  };
  const add = (piece: string | Buffer) => {
    chunk.push(piece);
    size += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
    if (size >= CHUNK_BYTES) flush();
  };
  let written = 0;
  for (const item of items) {
    add(written === 0 ? (format === 'json' ? '[' : '') : format === 'json' ? ',' : '\n');
    add(item);
    written++;
  }
  if (format === 'json') add(written === 0 ? '[]\n' : ']\n');
  else if (written > 0) add('\n');
  flush();
}

export function printItem<T>(ctx: Context, format: Format, item: T, text: () => string): void {
  if (format === 'text') ctx.out(text());
  else ctx.outVerbatim(`${format === 'json' ? json(ctx, item) : jsonText(item)}\n`);
}
