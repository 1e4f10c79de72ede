// The one table layout: a table fits the width it has by cutting, wrapping and leaving out its least important
// columns first, never the verdict; a pipe gets whole cells; wide characters (CJK, emoji) are measured as a
// terminal draws them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, table, truncate, wrap, type Column } from '../../../src/render/table.js';

interface Row {
  id: number;
  name: string;
  company: string;
  text: string;
  status: string;
}

const rows: Row[] = [
  { id: 1, name: 'Bakkerij de Gouden Korenschoof', company: 'Bakkerij de Gouden Korenschoof B.V.', text: 'Could you please update the opening hours before Christmas?', status: 'overdue 47d' },
  { id: 12, name: '株式会社サンプル東京デザイン事務所', company: '株式会社サンプル', text: '見積書を送ってください', status: 'open' },
  { id: 3, name: '🎨 Studio Kleur 👩‍👩‍👧‍👦', company: '', text: 'palette 🎨🎨🎨 feedback', status: 'paid' },
];

const columns: Column<Row>[] = [
  { header: 'ID', cell: (r) => String(r.id), align: 'right' },
  { header: 'NAME', cell: (r) => r.name, cut: true, min: 10, preferred: 20, priority: 60 },
  { header: 'COMPANY', cell: (r) => r.company, cut: true, min: 10, preferred: 16, drop: true, priority: 20 },
  { header: 'STATUS', cell: (r) => r.status },
  { header: 'TEXT', cell: (r) => r.text, cut: true, min: 12, preferred: 24, priority: 70 },
];

const widths = (text: string) => text.split('\n').map(displayWidth);
/** The display column where `needle` starts on `line`. */
const columnOf = (line: string, needle: string) => displayWidth(line.slice(0, line.indexOf(needle)));

describe('table', () => {
  it('prints whole cells when there is room, or for a pipe, at the widest cell of each column', () => {
    for (const width of [Number.POSITIVE_INFINITY, 400]) {
      const text = table(rows, columns, { width });
      for (const row of rows) for (const value of [row.name, row.company, row.text, row.status]) expect(text).toContain(value);
      expect(text).not.toContain('…');
    }
  });

  it.each([80, 120, 60])('fits %i columns, the verdict whole and in one place on every line', (width) => {
    const text = table(rows, columns, { width });
    expect(Math.max(...widths(text))).toBeLessThanOrEqual(width);
    const lines = text.split('\n');
    const at = columnOf(lines[0]!, 'STATUS');
    rows.forEach((row, i) => expect(columnOf(lines[i + 1]!, row.status)).toBe(at));
  });

  it('cuts the least important column first, and leaves out what may go before cutting below the minimum', () => {
    const at120 = table(rows, columns, { width: 120 }).split('\n');
    expect(at120[0]).toMatch(/^ID\s+NAME\s+COMPANY\s+STATUS\s+TEXT$/);
    // COMPANY (priority 20) is cut to its preferred 16 before NAME (60) gives anything, then NAME as needed.
    expect(at120[1]).toMatch(/^ 1 {2}Bakkerij de Gouden Kore… {2}Bakkerij de Gou… {2}overdue 47d {2}Could you please update the opening hours before Christmas\?$/);
    const at60 = table(rows, columns, { width: 60 }).split('\n');
    expect(at60[0]).toMatch(/^ID\s+NAME\s+STATUS\s+TEXT$/);
    // COMPANY is left out before NAME (60) is cut below its preferred 20, and NAME before TEXT (70).
    expect(at60[1]).toBe(' 1  Bakkerij de Goud…  overdue 47d  Could you please update…');
  });

  it('never cuts a column that may not be cut: the table gets wider than the screen instead', () => {
    const text = table(rows, columns, { width: 20 });
    for (const row of rows) expect(text).toContain(row.status);
    expect(text.split('\n')[1]).toBe(' 1  Bakkerij…   overdue 47d  Could you p…');
  });

  it('takes a compact form before cutting, and gives the room it leaves back', () => {
    const when: Column<Row> = { header: 'WHEN', cell: () => '2026-11-01 12:00', compact: () => '2026-11-01', priority: 10 };
    const wide = table(rows.slice(0, 1), [columns[0]!, when, columns[4]!], { width: 100 });
    expect(wide).toContain('2026-11-01 12:00');
    const narrow = table(rows.slice(0, 1), [columns[0]!, when, columns[4]!], { width: 50 }).split('\n');
    expect(narrow[1]).toBe(' 1  2026-11-01  Could you please update the openi…');
    expect(displayWidth(narrow[1]!)).toBe(50);
  });

  it('wraps a column that may be wrapped instead of cutting it, the other cells on its first line', () => {
    const why: Column<Row> = { header: 'WHY', cell: (r) => r.text, wrap: true, min: 12 };
    const lines = table(rows, [columns[0]!, columns[3]!, why], { width: 36 }).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'ID  STATUS       WHY',
      ' 1  overdue 47d  Could you please',
      '                 update the opening',
      '                 hours before',
    ]);
    expect(lines.join('').replace(/\s+/g, '')).toContain('見積書を送ってください');
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(36);
  });

  it('leaves out a column whose compact form is empty rather than keep its header', () => {
    const trend: Column<Row> = { header: 'TREND', cell: () => '▁▂▃▄▅▆▇█▁▂▃▄', compact: () => '', drop: true, priority: 70 };
    expect(table(rows, [columns[0]!, columns[1]!, trend, columns[3]!], { width: 200 }).split('\n')[0]).toMatch(/TREND/);
    const narrow = table(rows, [columns[0]!, columns[1]!, trend, columns[3]!], { width: 40 }).split('\n');
    expect(narrow[0]).toMatch(/^ID\s+NAME\s+STATUS$/);
    expect(narrow[1]).toBe(' 1  Bakkerij de Gouden Kor…  overdue 47d');
  });

  it('leaves out a column that may be dropped when nothing is in it', () => {
    const none = rows.map((r) => ({ ...r, company: '' }));
    expect(table(none, columns, { width: Number.POSITIVE_INFINITY }).split('\n')[0]).toMatch(/^ID\s+NAME\s+STATUS\s+TEXT$/);
  });

  it('lays out footer rows (totals) with the others', () => {
    const total = { id: 0, name: 'total', company: '', text: '', status: '€9,999.00' };
    const lines = table(rows, columns, { width: 80, footer: [total] }).split('\n');
    expect(lines).toHaveLength(5);
    expect(columnOf(lines[4]!, '€9,999.00')).toBe(columnOf(lines[0]!, 'STATUS'));
  });

  it('fits any width and any text when the columns that cannot give way fit', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('株式会社サンプル東京デザイン事務所', '👩‍👩‍👧‍👦 family', 'e\u0301te\u0301', '🇳🇱🇩🇪', '한국어 텍스트', 'ｆｕｌｌｗｉｄｔｈ'),
    );
    const row = fc.record({ id: fc.nat(99999), name: hostile, company: hostile, text: hostile, status: fc.constantFrom('open', 'overdue 3d', 'void') });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), fc.integer({ min: 60, max: 160 }), (list, width) => {
        const text = table(list, columns, { width });
        expect(Math.max(...widths(text))).toBeLessThanOrEqual(width);
        const lines = text.split('\n');
        const at = columnOf(lines[0]!, 'STATUS');
        list.forEach((r, i) => expect(columnOf(lines[i + 1]!, r.status)).toBe(at));
      }),
      { numRuns: 150 },
    );
  });
});

describe('truncate', () => {
  it('cuts to a visible width, the ellipsis after the last whole character, not after a space', () => {
    expect(truncate('Bakkerij de Gouden', 10)).toBe('Bakkerij…');
    expect(truncate('Bakkerij de Gouden', 12)).toBe('Bakkerij de…');
    expect(truncate('株式会社サンプル', 7)).toBe('株式会…');
    expect(truncate('👩‍👩‍👧‍👦👩‍👩‍👧‍👦 family', 5)).toBe('👩‍👩‍👧‍👦👩‍👩‍👧‍👦…');
    expect(truncate('\x1b[31mred text here\x1b[39m', 5)).toBe('\x1b[31mred…\x1b[0m');
  });
});

describe('wrap', () => {
  it('breaks a word wider than the line where the terminal draws a character', () => {
    const lines = wrap('see 株式会社サンプル東京デザイン事務所 now', 12, '', '  ');
    expect(lines).toEqual(['see', '  株式会社サ', '  ンプル東京', '  デザイン事', '  務所 now']);
    expect(lines.join('')).not.toContain('…');
  });
});
