// Writes a large output in batches, waiting when the reader (a pipe) is slower than we are, so a big export never
// piles up in memory. The destination is a stream (stdout) or a file being written (see store/files.ts).
import { once } from 'node:events';

/** Takes one batch; resolves when the next may come. Throws when the batch could not be written. */
export type WriteBatch = (chunk: string) => void | Promise<void>;

export class Sink {
  private buffer: string[] = [];
  private size = 0;
  private readonly writeBatch: WriteBatch;

  constructor(destination: NodeJS.WritableStream | WriteBatch, private batchBytes = 1 << 16) {
    this.writeBatch = typeof destination === 'function' ? destination : toStream(destination);
  }

  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= this.batchBytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    await this.writeBatch(chunk);
  }
}

function toStream(stream: NodeJS.WritableStream): WriteBatch {
  return async (chunk) => {
    // once() rejects when the stream fails instead of draining (a reader that went away).
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
}
