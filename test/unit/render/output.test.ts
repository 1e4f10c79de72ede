// Lists printed for scripts: --json is one array, --ndjson one object a line, whatever the size, and a big list
// reaches stdout in chunks rather than as one string.
import { describe, expect, it } from 'vitest';
import { Context, type Streams } from '../../../src/context.js';
import { printList, printSerialized } from '../../../src/render/output.js';

function capture(isTTY = false) {
  const writes: string[] = [];
  const stdout = { write: (chunk: string | Uint8Array) => (writes.push(Buffer.from(chunk).toString('utf8')), true), isTTY };
  const ctx = new Context({ stdout, stderr: { write: () => true }, stdin: {} } as unknown as Streams, {}, () => ({}));
  return { ctx, writes, text: () => writes.join('') };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, name: `Client ${i} — Ünïcode "quoted"`, note: 'x'.repeat(i % 300) }));

describe('printList', () => {
  it.each([0, 1, 3, 5000])('prints %i items as one JSON array that parses back to them', (n) => {
    const out = capture();
    printList(out.ctx, 'json', items(n), () => 'text');
    expect(out.text().endsWith('\n')).toBe(true);
    expect(JSON.parse(out.text())).toEqual(items(n));
  });

  it.each([1, 3, 5000])('prints %i items as NDJSON, one per line', (n) => {
    const out = capture();
    printList(out.ctx, 'ndjson', items(n), () => 'text');
    const lines = out.text().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(items(n));
  });

  it('prints nothing for an empty NDJSON list, and [] for an empty JSON one', () => {
    const ndjson = capture();
    printList(ndjson.ctx, 'ndjson', [], () => 'text');
    expect(ndjson.text()).toBe('');
    const json = capture();
    printList(json.ctx, 'json', [], () => 'text');
    expect(json.text()).toBe('[]\n');
  });

  it('hands a big list to stdout in chunks of about 64 KB, never the whole of it at once', () => {
    const out = capture();
    printList(out.ctx, 'json', items(5000), () => 'text');
    const total = Buffer.byteLength(out.text());
    expect(total).toBeGreaterThan(4 * 64 * 1024);
    expect(out.writes.length).toBeGreaterThan(3);
    expect(Math.max(...out.writes.map((w) => Buffer.byteLength(w)))).toBeLessThan(64 * 1024 + 1024);
  });

  it('indents JSON for a person at a terminal', () => {
    const out = capture(true);
    printList(out.ctx, 'json', items(2), () => 'text');
    expect(out.text()).toBe(`${JSON.stringify(items(2), null, 2)}\n`);
  });
});

describe('printSerialized', () => {
  it('prints bytes serialized earlier exactly as printList prints the objects', () => {
    for (const format of ['json', 'ndjson'] as const) {
      for (const n of [0, 2, 3000]) {
        const listed = capture();
        printList(listed.ctx, format, items(n), () => '');
        const serialized = capture();
        printSerialized(serialized.ctx, format, items(n).map((item) => Buffer.from(JSON.stringify(item))));
        expect(serialized.text()).toBe(listed.text());
      }
    }
  });
});
