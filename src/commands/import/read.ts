// Reading an import: a file or stdin, chunk by chunk, decoded line by line (core/text-encoding.ts), with a
// progress bar on a terminal.
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import type { Context } from '../../context.js';
import { CrmError, InputError, NotFoundError } from '../../core/errors.js';
import { headText, LineDecoder } from '../../core/text-encoding.js';
import { failureReason } from '../../store/files.js';

export interface Input {
  name: string;
  /** the text, in chunks of whole lines */
  chunks: AsyncIterable<string>;
  /** bytes, when known (a file): drives the progress bar */
  size: number | null;
  /** the first characters, to recognise the format (read leniently: the reader of chunks names bad bytes) */
  head: () => Promise<string>;
  /** the bytes as they are, instead of chunks (an address book decodes each value in its own CHARSET) */
  bytes: AsyncIterable<Uint8Array>;
}

/**
 * Opens the file to import (`-`: standard input) and decodes it: `encoding` as encodingNamed gives it, or
 * undefined for UTF-8 (or UTF-16 with its byte order mark). A file that cannot be read is a one-line error naming it.
 */
export function openInput(ctx: Context, file: string, encoding: string | undefined): Input {
  if (file === '-') return fromStream('stdin', ctx.streams.stdin, null, encoding);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new InputError(`${file} is a folder: name the file to import`);
  }
  return fromStream(file, createReadStream('', { fd }), stat.isFile() ? stat.size : null, encoding);
}

function unreadable(file: string, error: unknown): CrmError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new NotFoundError(`no file "${file}" to import`);
  return new CrmError('runtime', `cannot read ${file}: ${failureReason(error)}; nothing was imported`);
}

function fromStream(name: string, stream: NodeJS.ReadableStream, size: number | null, encoding: string | undefined): Input {
  const raw = (async function* () {
    try {
      for await (const chunk of stream as AsyncIterable<Uint8Array | string>) yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    } catch (error) {
      throw unreadable(name, error);
    }
  })();
  // The first bytes, read to recognise the format, are given again to whoever reads the input.
  const peeked: Uint8Array[] = [];
  let done = false;
  const next = async (): Promise<Uint8Array | null> => {
    if (done) return null;
    const result = await raw.next();
    if (result.done) {
      done = true;
      return null;
    }
    return result.value;
  };
  const bytes = (async function* () {
    yield* peeked.splice(0);
    for (let chunk = await next(); chunk !== null; chunk = await next()) yield chunk;
  })();
  return {
    name,
    size,
    head: async () => {
      while (peeked.reduce((sum, chunk) => sum + chunk.length, 0) < 1024) {
        const chunk = await next();
        if (chunk === null) break;
        peeked.push(chunk);
      }
      return headText(Buffer.concat(peeked), encoding);
    },
    bytes,
    chunks: (async function* () {
      const decoder = new LineDecoder(encoding);
      for await (const chunk of bytes) {
        const text = decoder.push(chunk);
        if (text) yield text;
      }
      const rest = decoder.end();
      if (rest) yield rest;
    })(),
  };
}

/** A one-line progress bar on stderr, only on a terminal and never with -q; redrawn at most 10 times a second. */
export class Progress {
  private read = 0;
  private rows = 0;
  private drawn = 0;
  private readonly enabled: boolean;

  constructor(private ctx: Context, private total: number | null) {
    this.enabled = Boolean(ctx.streams.stderr.isTTY) && !ctx.quiet && total !== null && total > 256 * 1024;
  }

  advance(bytes: number, rows: number): void {
    this.read += bytes;
    this.rows += rows;
    if (!this.enabled || Date.now() - this.drawn < 100) return;
    this.drawn = Date.now();
    const ratio = Math.min(1, this.read / this.total!);
    const width = 30;
    const filled = Math.round(ratio * width);
    this.ctx.streams.stderr.write(
      `\r  importing [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${this.rows.toLocaleString('en-US')} rows`,
    );
  }

  done(): void {
    if (this.enabled && this.drawn) this.ctx.streams.stderr.write('\r\x1b[K');
  }
}
