// Reading an import: a file or stdin, chunk by chunk, with a progress bar on a terminal.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../core/errors.js';

export interface Input {
  name: string;
  chunks: AsyncIterable<string>;
  /** bytes, when known (a file): drives the progress bar */
  size: number | null;
  /** the first bytes, to recognise the format */
  head: () => Promise<string>;
}

export function openInput(ctx: Context, file: string): Input {
  if (file === '-') return fromStream('stdin', ctx.streams.stdin, null);
  if (!existsSync(file) || statSync(file).isDirectory()) throw new NotFoundError(`no file "${file}" to import`);
  return fromStream(file, createReadStream(file), statSync(file).size);
}

function fromStream(name: string, stream: NodeJS.ReadableStream, size: number | null): Input {
  stream.setEncoding('utf8');
  const iterator = (stream as AsyncIterable<string>)[Symbol.asyncIterator]();
  const peeked: string[] = [];
  let done = false;
  const next = async (): Promise<string | null> => {
    if (done) return null;
    const result = await iterator.next();
    if (result.done) {
      done = true;
      return null;
    }
    return result.value;
  };
  return {
    name,
    size,
    head: async () => {
      while (peeked.join('').length < 512) {
        const chunk = await next();
        if (chunk === null) break;
        peeked.push(chunk);
      }
      return peeked.join('').replace(/^\uFEFF/, '');
    },
    chunks: (async function* () {
      let first = true;
      for (const chunk of peeked.splice(0)) {
        yield first ? chunk.replace(/^\uFEFF/, '') : chunk;
        first = false;
      }
      for (let chunk = await next(); chunk !== null; chunk = await next()) {
        yield first ? chunk.replace(/^\uFEFF/, '') : chunk;
        first = false;
      }
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
