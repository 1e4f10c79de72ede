// Writes a large output in batches, waiting when the reader (a pipe, a file) is slower than we are,
// so a big export never piles up in memory.
import { once } from 'node:events';

export class Sink {
  private buffer: string[] = [];
  private size = 0;

  constructor(private stream: NodeJS.WritableStream, private batchBytes = 1 << 16) {}

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
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}
