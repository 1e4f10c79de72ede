// Bad input: random and hostile strings for every argument and flag of every command, found from the built
// crm's own --help, so new commands and flags are fuzzed without touching this file. Every run must end with
// exit 0 or a documented code (2, 3, 4; 1 is an unexpected error and fails), an error must be one line
// "crm: ..." with no stack trace, and a rejected command must change nothing (an export before and after).
//
// Deterministic in CI: FUZZ_SEED (default 42) picks the inputs, FUZZ_RUNS (default 80) how many. Locally:
//   FUZZ_SEED=7 FUZZ_RUNS=3000 npx vitest run test/e2e/fuzz.test.ts
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_NOW,
  ROOT,
  discoverCommands,
  fileDigest,
  runCrmSandboxed,
  shellLine,
  type HelpCommand,
  type HelpOption,
  type SandboxedRunResult,
} from '../helpers/cli.js';
import { checkBookRows } from '../../src/store/dump.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

const SEED = Number(process.env.FUZZ_SEED ?? 42);
const RUNS = Number(process.env.FUZZ_RUNS ?? 80);
/** Read-only commands run this many at a time; writes one at a time (each is compared with the book before it). */
const PARALLEL = 4;
const WRITE_BATCH = 25;
const READ_BATCH = 40;
const SPAWN_TIMEOUT_MS = 30_000;

const TIME_ZONES = [
  'UTC',
  'Europe/Berlin',
  'Pacific/Kiritimati', // +14: already tomorrow
  'America/St_Johns', // -3:30
  'Asia/Kathmandu', // +5:45
  'Pacific/Pago_Pago', // -11: still yesterday
  'Australia/Lord_Howe', // half-hour daylight saving
  'Mars/Olympus_Mons', // not a zone: Node falls back to UTC
];

const HOSTILE = [
  '', ' ', '-', '--', '-1', '0', '1e309', '99999999999999999999', '-99999999999999999999', 'NaN', 'Infinity', '1.5',
  '0x10', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '2026-11-23T25:00:00Z', '2026-11-23T12:00:00+25:00',
  'yesterday', 'tomorrow', '1mo', '0d', '-3d', "'; DROP TABLE client; --", '" OR 1=1 --',
  "Robert'); DROP TABLE interaction;--", '%s%n', '${HOME}', '$(rm -rf /)', '\x00', '\x1b[31mred', '\r\n', '\t',
  '𝓗𝓮𝓵𝓵𝓸', '🦄', 'ñ', 'İ', 'ß', '\u202e', 'a'.repeat(100_000), '../../etc/passwd', '/dev/null', 'CON', 'NUL',
];

/** Commands that only read the book: run in parallel, and the book must be unchanged after them whatever they exit with. */
function readOnly(path: string[]): boolean {
  const last = path[path.length - 1] ?? '';
  return ['list', 'ls', 'show', 'get'].includes(last) || ['health', 'remind', 'export', 'completion', 'search'].includes(path.join(' '));
}

// --- The sandbox: every file any run may touch is under one temporary folder ---

interface Sandbox {
  root: string;
  book: string;
  pristine: string;
  home: string;
  tmp: string;
  cwd: string;
  files: string;
  work: string;
}

function makeSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'crm-fuzz-'));
  const box: Sandbox = {
    root,
    book: join(root, 'book.db'),
    pristine: join(root, 'pristine.db'),
    home: join(root, 'home'),
    tmp: join(root, 'tmp'),
    cwd: join(root, 'cwd'),
    files: join(root, 'files'),
    work: join(root, 'work'),
  };
  for (const dir of [box.home, box.tmp, box.cwd, box.files, box.work]) mkdirSync(dir, { recursive: true });
  return box;
}

function inside(box: Sandbox, path: string): boolean {
  const rel = relative(box.root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The children's whole environment: HOME, TMPDIR and the book inside the sandbox, nothing inherited. */
function childEnv(box: Sandbox, tz: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HOME: box.home, TMPDIR: box.tmp, CRM_DB: box.book, CRM_NOW: DEFAULT_NOW, TZ: tz, LANG: 'C.UTF-8', ...extra };
}

async function crm(box: Sandbox, args: string[], tz = 'UTC', input = ''): Promise<SandboxedRunResult> {
  return runCrmSandboxed(args, { cwd: box.cwd, env: childEnv(box, tz), input, timeoutMs: SPAWN_TIMEOUT_MS });
}

async function crmOk(box: Sandbox, args: string[]): Promise<SandboxedRunResult> {
  const result = await crm(box, args);
  if (result.code !== 0) throw new Error(`setup: ${shellLine(args)} exited ${result.code}: ${result.stderr}`);
  return result;
}

// --- Snapshots: what a user can see (the export) plus the file's own row counts ---

interface Snapshot {
  /** the bytes of the book and its WAL: equal bytes are equal data, so most comparisons stop here */
  bytes: string;
  export: string;
  counts: Record<string, number>;
  /** why crm import and restore would refuse the book's rows (core/validate.ts), or '' */
  refused: string;
}

/**
 * What a --db target holds, for "a rejected command changes nothing": 'missing' (no file, no -wal, no -journal),
 * a folder's listing, the rows of a book (an empty file holds no rows, like an empty book: crm may set one up as
 * a book), or else the bytes.
 */
function dataOf(box: Sandbox, path: string): string {
  const companions = ['-wal', '-journal'].filter((suffix) => existsSync(`${path}${suffix}`));
  if (!existsSync(path)) return companions.length ? `missing, but ${companions.join(' and ')} exist` : 'missing';
  if (statSync(path).isDirectory()) return `folder of ${readdirSync(path).sort().join('/')}`;
  const rowsOf = (rows: Record<string, string[]>) => `rows ${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
  if (statSync(path).size === 0 && companions.length === 0) return rowsOf({});
  const copy = join(box.root, 'data.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });
  try {
    copyFileSync(path, copy);
    if (companions.includes('-wal')) copyFileSync(`${path}-wal`, `${copy}-wal`);
    const db = new Database(copy, { fileMustExist: true });
    try {
      const rows: Record<string, string[]> = {};
      // The search index's shadow tables (search_index_data, _config...) hold FTS5's own bookkeeping, some of it
      // from the moment the index is made, in an empty book too: its texts are compared through search_index.
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search\\_index\\_%' ESCAPE '\\' ORDER BY name")
        .pluck()
        .all() as string[];
      for (const table of tables) {
        const all = db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all().map((row) => JSON.stringify(row));
        if (all.length > 0) rows[table] = all.sort();
      }
      return rowsOf(rows);
    } finally {
      db.close();
    }
  } catch {
    return `bytes ${bookBytes(path)}`;
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });
  }
}

function bookBytes(path: string): string {
  if (existsSync(path) && statSync(path).isDirectory()) return `dir:${readdirSync(path).sort().join('/')}`;
  return `${fileDigest(path)}/${fileDigest(`${path}-wal`)}`;
}

function rowCounts(box: Sandbox): { counts: Record<string, number>; refused: string } {
  // Counted on a copy, so the test never opens (or leaves a WAL beside) the book itself.
  const copy = join(box.root, 'count.db');
  rmSync(copy, { force: true });
  rmSync(`${copy}-wal`, { force: true });
  copyFileSync(box.book, copy);
  if (existsSync(`${box.book}-wal`)) copyFileSync(`${box.book}-wal`, `${copy}-wal`);
  const db = new Database(copy, { readonly: false, fileMustExist: true });
  try {
    const counts: Record<string, number> = { user_version: Number(db.pragma('user_version', { simple: true })) };
    // The book's own tables: not the search index (virtual) and its shadow tables, derived from them by triggers.
    const tables = db
      .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
      .pluck()
      .all() as string[];
    for (const table of tables) {
      counts[table] = Number(db.prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`).pluck().get());
    }
    let refused = '';
    try {
      checkBookRows(db, '');
    } catch (error) {
      refused = (error as Error).message;
    }
    return { counts, refused };
  } finally {
    db.close();
    rmSync(copy, { force: true });
    rmSync(`${copy}-wal`, { force: true });
    rmSync(`${copy}-shm`, { force: true });
  }
}

async function snapshot(box: Sandbox): Promise<Snapshot> {
  const bytes = bookBytes(box.book);
  const result = await crm(box, ['export']);
  if (result.code !== 0) throw new Error(`crm export exited ${result.code}: ${result.stderr}`);
  const { exportedAt: _ignored, ...rest } = JSON.parse(result.stdout) as Record<string, unknown>;
  return { bytes, export: JSON.stringify(rest), ...rowCounts(box) };
}

/** How two snapshots differ, in a few words (empty when they do not). */
function difference(before: Snapshot, after: Snapshot): string {
  const counts = Object.keys({ ...before.counts, ...after.counts })
    .filter((table) => before.counts[table] !== after.counts[table])
    .map((table) => `${table} ${before.counts[table] ?? '-'} -> ${after.counts[table] ?? '-'}`);
  if (counts.length > 0) return `row counts changed: ${counts.join(', ')}`;
  if (before.export === after.export) return '';
  const a = JSON.parse(before.export) as { tables: Record<string, unknown[]> };
  const b = JSON.parse(after.export) as { tables: Record<string, unknown[]> };
  const tables = Object.keys({ ...a.tables, ...b.tables }).filter(
    (table) => JSON.stringify(a.tables?.[table]) !== JSON.stringify(b.tables?.[table]),
  );
  return `export changed${tables.length ? ` in ${tables.join(', ')}` : ' (header)'}`;
}

function resetBook(box: Sandbox): void {
  for (const suffix of ['-wal', '-shm']) rmSync(`${box.book}${suffix}`, { force: true });
  copyFileSync(box.pristine, box.book);
}

// --- What the fuzzer puts on a command line ---

/** A file argument, made real (under the sandbox's work folder) just before its run. */
type FileKind =
  | 'main' // the book itself
  | 'new' // a path where nothing is yet
  | 'named' // a path whose last part is a hostile string
  | 'empty' | 'dir' | 'garbage' | 'notabook' | 'fake-sqlite' | 'other-sqlite' | 'backup'
  | 'export-json' | 'export-ndjson' | 'clients-new' | 'clients-existing' | 'interactions' | 'invoices' | 'vcf' | 'hostile-csv'
  | 'stdin' // "-"
  | 'blank'; // ""
interface FileArg {
  file: FileKind;
  name?: string;
  relative?: boolean;
}
type Arg = string | FileArg;

interface Plan {
  path: string[];
  args: Arg[];
  tz: string;
  stdin: 'empty' | 'export' | 'csv' | 'hostile';
  forceColor: boolean;
}

/** Known-good values from the demo book, so that hostile input meets deeper validation too. */
interface Pools {
  clients: string[];
  invoices: string[];
  bids: string[];
  followUps: string[];
  topics: string[];
  tags: string[];
  reminderKeys: string[];
  configKeys: string[];
}

const FIXTURES: FileKind[] = [
  'empty', 'dir', 'garbage', 'notabook', 'fake-sqlite', 'other-sqlite', 'backup', 'export-json', 'export-ndjson',
  'clients-new', 'clients-existing', 'interactions', 'invoices', 'vcf', 'hostile-csv',
];

function pick<T>(...values: T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...values);
}

function chance(percent: number): fc.Arbitrary<boolean> {
  return fc.integer({ min: 0, max: 99 }).map((n) => n < percent);
}

function hostileArb(valid: string[]): fc.Arbitrary<string> {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const dates = fc
    .record({
      y: fc.integer({ min: 0, max: 12000 }),
      m: fc.integer({ min: 0, max: 14 }),
      d: fc.integer({ min: 0, max: 32 }),
      time: fc.option(fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })), { nil: undefined }),
      zone: pick('', 'Z', '+25:00', '-03:30', '+05:45', '+14:00', '-12:00', '+0000'),
      sep: pick('T', ' '),
    })
    .map(({ y, m, d, time, zone, sep }) => `${pad(y, 4)}-${pad(m)}-${pad(d)}${time ? `${sep}${pad(time[0])}:${pad(time[1])}${zone}` : ''}`);
  const numbers = fc.oneof(
    fc.integer().map(String),
    fc.integer({ min: -3, max: 3 }).map(String),
    fc.double().map(String),
    fc.bigInt().map(String),
    fc.tuple(fc.integer({ min: -5, max: 2000 }), pick('h', 'd', 'w', 'mo', 'y', ' days', 'H', 'x', '.5d', 'e3')).map(([n, u]) => `${n}${u}`),
  );
  const mutated = fc
    .tuple(pick(...(valid.length ? valid : ['acme'])), pick(...HOSTILE.filter((h) => h.length < 100)), pick('suffix', 'prefix', 'upper', 'spaces'))
    .map(([v, h, how]) =>
      how === 'suffix' ? v + h : how === 'prefix' ? h + v : how === 'upper' ? v.toUpperCase() : `  ${v}\t`,
    );
  return fc.oneof(
    { weight: 5, arbitrary: pick(...HOSTILE) },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 2, arbitrary: numbers },
    { weight: 2, arbitrary: dates },
    { weight: 2, arbitrary: mutated },
  );
}

function isFile(name: string | undefined, option?: HelpOption): boolean {
  return option?.flag === '--db' || option?.flag === '--out' || name === 'file' || name === 'path';
}

function fileArb(): fc.Arbitrary<FileArg> {
  return fc.oneof(
    { weight: 2, arbitrary: pick<FileKind>('main', 'new', 'stdin', 'blank').map((file) => ({ file })) },
    { weight: 4, arbitrary: fc.tuple(pick(...FIXTURES), fc.boolean()).map(([file, rel]) => ({ file, relative: rel })) },
    { weight: 2, arbitrary: hostileArb([]).map((name) => ({ file: 'named' as const, name })) },
  );
}

/** Good values for an argument or option, by its placeholder's name (and the command, where it matters). */
function validValues(name: string, path: string[], pools: Pools, option?: HelpOption): string[] {
  if (option?.choices?.length) return option.choices;
  const key = name.toLowerCase();
  const group = path[0] ?? '';
  switch (key) {
    case 'client':
      return [...pools.clients, ...pools.clients.map((c) => c.slice(0, 3).toLowerCase()), '1', '5', '12'];
    case 'name':
      return ['Fuzz Client', 'Acme GmbH', 'acme gmbh', 'Ünïcødé Ltd'];
    case 'id':
    case 'bidid':
      return group === 'followup' ? pools.followUps : group === 'bid' || group === 'log' ? pools.bids : [...pools.bids, ...pools.followUps];
    case 'amount':
      return ['1500', '1500.5', '1500.50', '1,500.50', '0.01', '10.001', '6500', '1', '100000000'];
    case 'number':
      return [...pools.invoices, 'INV-999', 'inv-6'];
    case 'key':
      return group === 'config' ? pools.configKeys : pools.reminderKeys;
    case 'value':
      return ['30', '0', '1', '100', '2.5', 'EUR', 'USD', 'JPY', 'de-DE'];
    case 'topic':
      return [...pools.topics, ...pools.topics.map((t) => t.toUpperCase())];
    case 'date':
      return ['2026-11-20', '2026-11-23', '2025-01-01', '2026-12-31', '1900-01-01', 'yesterday'];
    case 'time':
      return ['2026-11-20', '2026-11-20 14:30', 'yesterday', '2026-11-22T10:00:00Z', '2026-11-23T08:59:00+00:00', 'now'];
    case 'when':
      return ['3d', '2w', '1mo', 'tomorrow', 'today', '2026-12-01'];
    case 'duration':
      return ['12h', '3d', '2w', '1mo'];
    case 'days':
      return ['1', '7', '14', '30', '2w', '3d'];
    case 'hours':
      return ['1', '24', '4h', '12h', '2d'];
    case 'n':
    case 'score':
      return ['-2', '-1', '0', '1', '2', '3', '7', '50', '60'];
    case 'email':
      return ['ops@acme.example', '', 'no-at-sign'];
    case 'tag':
      return [...pools.tags, 'new-tag', 'a,b'];
    case 'shell':
      return ['bash', 'zsh', 'fish'];
    case 'code':
      return ['EUR', 'USD', 'JPY', 'eur', 'XXX', 'BHD'];
    default:
      return ['weekly call', 'Acme', 'x', ''];
  }
}

function valueArb(name: string, path: string[], pools: Pools, option?: HelpOption): fc.Arbitrary<Arg> {
  if (isFile(name, option)) return fileArb();
  const valid = validValues(name, path, pools, option);
  return fc.oneof(
    { weight: 5, arbitrary: pick(...(valid.length ? valid : [''])) },
    { weight: 5, arbitrary: hostileArb(valid) },
  );
}

function optionArb(option: HelpOption, path: string[], pools: Pools): fc.Arbitrary<Arg[]> {
  const flag = fc.boolean().map((short) => (short && option.short ? option.short : option.flag));
  if (option.value === 'none') return flag.map((f) => [f]);
  const value = valueArb(option.valueName ?? '', path, pools, option);
  const withValue = fc.tuple(flag, value, chance(15)).map(([f, v, joined]): Arg[] =>
    // --flag=value, sometimes (never for a short flag, nor for files: they are made real later)
    joined && f.startsWith('--') && typeof v === 'string' ? [`${f}=${v}`] : [f, v],
  );
  return option.value === 'optional' ? fc.oneof(flag.map((f) => [f]), withValue) : withValue;
}

function planArb(commands: HelpCommand[], globals: HelpOption[], pools: Pools): fc.Arbitrary<Plan> {
  return pick(...commands).chain((command) => {
    const positional = command.arguments.map((argument) =>
      fc.tuple(chance(argument.required ? 95 : 60), valueArb(argument.name, command.path, pools), chance(argument.variadic ? 30 : 0), valueArb(argument.name, command.path, pools)).map(
        ([present, value, again, second]): Arg[] => (present ? (again ? [value, second] : [value]) : []),
      ),
    );
    const own = command.options.filter((o) => o.flag !== '--help');
    const options = own.map((option) =>
      fc.tuple(chance(30), optionArb(option, command.path, pools), chance(8), optionArb(option, command.path, pools)).map(
        ([present, first, repeated, second]): Arg[] => (present ? (repeated ? [...first, ...second] : first) : []),
      ),
    );
    const usable = globals.filter((o) => !['--help', '--version'].includes(o.flag));
    const global = usable.map((option) =>
      fc.tuple(chance(option.flag === '--db' ? 12 : option.flag === '--debug' ? 4 : 12), optionArb(option, command.path, pools)).map(
        ([present, args]): Arg[] => (present ? args : []),
      ),
    );
    return fc
      .record({
        positional: fc.tuple(...positional),
        options: fc.tuple(...options),
        global: fc.tuple(...global),
        globalFirst: fc.boolean(),
        extra: fc.oneof(
          { weight: 18, arbitrary: fc.constant<string[]>([]) },
          { weight: 1, arbitrary: fc.constant(['--no-such-flag']) },
          { weight: 1, arbitrary: hostileArb([]).map((h) => [h]) },
        ),
        shuffled: chance(15),
        tz: pick(...TIME_ZONES),
        stdin: pick<Plan['stdin']>('empty', 'export', 'csv', 'hostile'),
        forceColor: chance(10),
      })
      .map(({ positional, options, global, globalFirst, extra, shuffled, tz, stdin, forceColor }) => {
        const own: Arg[] = shuffled ? [...options.flat(), ...positional.flat()] : [...positional.flat(), ...options.flat()];
        const globals = global.flat();
        const args = globalFirst ? [...globals, ...command.path, ...own, ...extra] : [...command.path, ...own, ...extra, ...globals];
        return { path: command.path, args, tz, stdin, forceColor };
      });
  });
}

// --- Making a plan real, running it, judging the result ---

interface Materialised {
  args: string[];
  input: string;
  env: NodeJS.ProcessEnv;
  /** --db targets other than the book: what they held before the run, and a way to look again */
  dbTargets: { path: string; before: string; after: () => string }[];
  debug: boolean;
  /** its own working folder (inside the sandbox): relative paths such as "-" or "CON" land there */
  cwd: string;
  /** a file argument was given (--db, import, restore...): exit 4 may be about that file */
  filed: boolean;
  path: string[];
}

interface Inputs {
  exportJson: string;
  csv: string;
  hostile: string;
}

let runNumber = 0;

function materialise(box: Sandbox, plan: Plan, inputs: Inputs): Materialised {
  const n = ++runNumber;
  const dir = join(box.work, String(n));
  mkdirSync(dir, { recursive: true });
  const dbTargets: Materialised['dbTargets'] = [];
  const args: string[] = [];
  let nextIsDb = false;
  for (const arg of plan.args) {
    if (typeof arg === 'string') {
      // A command line cannot hold NUL: the kernel ends the string there. (NUL reaches crm through files and stdin.)
      const text = arg.replaceAll('\0', '');
      args.push(text);
      nextIsDb = text === '--db';
      continue;
    }
    // With --db elsewhere, the book is just a file another flag may legitimately replace (export --out): use a copy.
    const elsewhere = arg.file === 'main' && !nextIsDb && plan.args.some((a, i) => a === '--db' && typeof plan.args[i + 1] !== 'string' && (plan.args[i + 1] as FileArg).file !== 'main');
    const path = elsewhere ? filePath(box, dir, { file: 'backup' }) : filePath(box, dir, arg);
    // Every file argument points into the sandbox (or is "-" or "").
    if (path !== '-' && path !== '' && !inside(box, resolve(dir, path))) throw new Error(`fuzz bug: ${path} is outside the sandbox`);
    args.push(path);
    if (nextIsDb && path !== '' && arg.file !== 'main') {
      const absolute = resolve(dir, path);
      dbTargets.push({ path: absolute, before: dataOf(box, absolute), after: () => dataOf(box, absolute) });
    }
    nextIsDb = false;
  }
  const input = { empty: '', export: inputs.exportJson, csv: inputs.csv, hostile: inputs.hostile }[plan.stdin];
  const env = childEnv(box, plan.tz, plan.forceColor ? { FORCE_COLOR: '1' } : {});
  return { args, input, env, dbTargets, cwd: dir, debug: args.includes('--debug'), filed: plan.args.some((a) => typeof a !== 'string'), path: plan.path };
}

/** A fresh copy of a fixture (so no run can spoil one for the next), or a path where nothing is yet. */
function filePath(box: Sandbox, dir: string, arg: FileArg): string {
  const to = (path: string) => (arg.relative ? relative(dir, path) : path);
  switch (arg.file) {
    case 'main':
      return box.book;
    case 'stdin':
      return '-';
    case 'blank':
      return '';
    case 'new':
      return to(join(dir, 'new.db'));
    case 'named': {
      // The hostile string as the file's name: no separators, no "." or "..", at most 250 bytes.
      let name = (arg.name ?? '').replaceAll('\0', '').replaceAll('/', '_');
      if (name === '' || name === '.' || name === '..') name = `_${name}_`;
      while (Buffer.byteLength(name) > 250) name = name.slice(0, -1);
      return to(join(dir, name));
    }
    case 'dir': {
      mkdirSync(join(dir, 'a-dir'), { recursive: true });
      return to(join(dir, 'a-dir'));
    }
    default: {
      const source = join(box.files, arg.file);
      const target = join(dir, arg.file + fixtureExtension(arg.file));
      copyFileSync(source, target);
      return to(target);
    }
  }
}

function fixtureExtension(kind: FileKind): string {
  if (kind.endsWith('csv') || ['clients-new', 'clients-existing', 'interactions', 'invoices'].includes(kind)) return '.csv';
  if (kind === 'vcf') return '.vcf';
  if (kind === 'export-json') return '.json';
  if (kind === 'export-ndjson') return '.ndjson';
  if (['backup', 'fake-sqlite', 'other-sqlite', 'notabook', 'empty'].includes(kind)) return '.db';
  return '';
}

/** Everything wrong with one run, judged on its own (the book's state is judged by the caller). */
function problemsOf(run: Materialised, result: SandboxedRunResult): string[] {
  const problems: string[] = [];
  if (result.timedOut) return [`no answer after ${SPAWN_TIMEOUT_MS / 1000} s`];
  if (result.signal) problems.push(`killed by ${result.signal}`);
  if (result.code === 1) problems.push('exit 1 (an unexpected error)');
  else if (![0, 2, 3, 4].includes(result.code)) problems.push(`exit ${result.code} (not a documented code)`);
  if (!run.debug) {
    if (/^\s+at /m.test(result.stderr)) problems.push('a stack trace on stderr');
    const leaked = /\b(SqliteError|TypeError|RangeError|ReferenceError|SyntaxError)\b/.exec(result.stderr);
    if (leaked) problems.push(`${leaked[1]} on stderr`);
  }
  if (result.code !== 0) {
    const text = result.stderr.endsWith('\n') ? result.stderr.slice(0, -1) : result.stderr;
    const first = text.split(/\r\n|\r|\n/)[0] ?? '';
    if (!first.startsWith('crm: ')) problems.push('the error does not start with "crm: "');
    if (!run.debug && /[\r\n]/.test(text)) problems.push(`the error is ${text.split(/\r\n|\r|\n/).length} lines, not one`);
    if (!result.stderr.endsWith('\n')) problems.push('the error does not end with a newline');
  }
  if (result.code === 4 && !run.filed) {
    problems.push('exit 4 (a database problem) on a good book');
  }
  for (const target of run.dbTargets) {
    const after = target.after();
    if (result.code !== 0 && after !== target.before) {
      problems.push(`rejected, yet the --db file ${target.before === 'missing' ? 'was created' : 'changed'}: ${target.before} -> ${after}`);
    }
  }
  return problems;
}

interface Failure {
  line: string;
  code: number;
  stderr: string;
  problems: string[];
}

function describeFailure(failure: Failure): string {
  const stderr = failure.stderr.length > 600 ? `${failure.stderr.slice(0, 600)}…` : failure.stderr;
  return `  $ ${failure.line}\n    exit ${failure.code}: ${failure.problems.join('; ')}\n    stderr: ${JSON.stringify(stderr)}`;
}

// --- The test ---

describe('fuzzing every flag of every command', () => {
  let box: Sandbox;
  let surface: HelpCommand[];
  let commands: HelpCommand[];
  let globals: HelpOption[];
  let pools: Pools;
  let inputs: Inputs;
  const realBook = join(homedir(), '.local', 'share', 'crm', 'crm.db');
  let realBookBefore: string;
  let rootBefore: string[];

  beforeAll(async () => {
    realBookBefore = fileDigest(realBook);
    rootBefore = readdirSync(ROOT).sort();
    box = makeSandbox();
    surface = await discoverCommands((args) => crm(box, args));
    globals = surface.find((c) => c.path.length === 0)!.options;
    commands = surface.filter((c) => c.path.length > 0 && c.runnable);

    await crmOk(box, ['demo', '--db', box.book]);
    const dump = await crmOk(box, ['export']);
    const book = JSON.parse(dump.stdout) as { tables: Record<string, Record<string, unknown>[]> };
    const t = (name: string) => book.tables[name] ?? [];
    const reminders = (await crmOk(box, ['remind', '--json'])).json<{ key: string }[]>();
    const settings = (await crmOk(box, ['config', 'list', '--json'])).json<{ key: string }[]>();
    pools = {
      clients: t('client').map((c) => String(c.name)),
      invoices: t('invoice').map((i) => String(i.number)),
      bids: t('bid').map((b) => String(b.id)),
      followUps: t('follow_up').map((f) => String(f.id)),
      topics: t('conflict_topic').map((c) => String(c.topic)),
      tags: [...new Set(t('client_tag').map((c) => String(c.tag)))],
      reminderKeys: [...reminders.map((r) => r.key), 'invoice-overdue:INV-999', 'bid-unanswered:1'],
      configKeys: [...settings.map((s) => s.key), 'no.such.key'],
    };

    // Fixtures, copied afresh for every run that names one.
    const f = (name: string) => join(box.files, name);
    writeFileSync(f('export-json'), dump.stdout);
    writeFileSync(f('export-ndjson'), (await crmOk(box, ['export', '--format', 'ndjson'])).stdout);
    writeFileSync(f('clients-existing'), (await crmOk(box, ['export', '--format', 'csv', '--table', 'clients'])).stdout);
    const csv = 'name,email,company,tags,since\nFuzz Import Co,fuzz@import.example,Fuzz,new,2026-01-01\n';
    writeFileSync(f('clients-new'), csv);
    writeFileSync(f('interactions'), 'client,at,channel,summary,tone\nAcme GmbH,2026-11-20T10:00:00Z,call,fuzz call,1\n');
    writeFileSync(f('invoices'), 'client,number,amount,currency,issued,due\nAcme GmbH,FUZZ-1,100.00,EUR,2026-11-01,2026-11-30\n');
    writeFileSync(f('vcf'), 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vcard Person\r\nEMAIL:v@card.example\r\nEND:VCARD\r\n');
    const hostileRows = HOSTILE.filter((h) => h.length < 100).map((h) => `"${h.replaceAll('"', '""')}",${h.replaceAll(/[,\n\r"]/g, '')},x,,${h}`);
    const hostileCsv = `name,email,company,tags,since\n${hostileRows.join('\n')}\n"unterminated,\n${'b'.repeat(200_000)},,,\n`;
    writeFileSync(f('hostile-csv'), hostileCsv);
    writeFileSync(f('garbage'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    writeFileSync(f('notabook'), 'hello, not a book\n');
    writeFileSync(f('fake-sqlite'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 0xab)]));
    const other = new Database(f('other-sqlite'));
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    other.close();
    writeFileSync(f('empty'), '');
    await crmOk(box, ['backup', f('backup')]);
    inputs = { exportJson: dump.stdout, csv, hostile: `${HOSTILE.join('\n')}\n\0\0\xff` };

    copyFileSync(box.book, box.pristine);
    expect(existsSync(`${box.book}-wal`), 'the book has no WAL left once crm exits').toBe(false);
  }, 120_000);

  afterAll(() => {
    if (box) rmSync(box.root, { recursive: true, force: true });
  });

  it('finds the command surface in the help texts', () => {
    const paths = commands.map((c) => c.path.join(' '));
    expect(paths).toEqual(expect.arrayContaining(['client add', 'log', 'invoice pay', 'remind', 'remind snooze', 'import', 'restore']));
    expect(paths).not.toContain('client'); // a group only dispatches
    const log = commands.find((c) => c.path.join(' ') === 'log')!;
    expect(log.options.find((o) => o.flag === '--channel')?.choices).toContain('in-person');
    expect(log.options.find((o) => o.flag === '--answer')?.value).toBe('optional');
    expect(globals.map((o) => o.flag)).toEqual(expect.arrayContaining(['--db', '--no-color', '--quiet', '--debug']));
  });

  it('the children live in the sandbox: HOME, TMPDIR and the working folder', async () => {
    // Without CRM_DB the book is under HOME; crm demo without --db writes under TMPDIR.
    const env = childEnv(box, 'UTC', { CRM_DB: undefined });
    const add = await runCrmSandboxed(['client', 'add', 'Sandbox Check'], { cwd: box.cwd, env });
    expect(add.code, add.stderr).toBe(0);
    expect(existsSync(join(box.home, '.local', 'share', 'crm', 'crm.db'))).toBe(true);
    const demo = await runCrmSandboxed(['demo'], { cwd: box.cwd, env });
    expect(demo.code, demo.stderr).toBe(0);
    expect(readdirSync(box.tmp).some((name) => name.startsWith('crm-demo-'))).toBe(true);
  });

  it('the snapshot sees a change, and only a change', async () => {
    resetBook(box);
    const before = await snapshot(box);
    expect(difference(before, await snapshot(box))).toBe('');
    // A change is journaled (schema 3): one change and its row, beside the row it changed.
    await crmOk(box, ['client', 'edit', 'acme', '--note', 'probe']);
    expect(difference(before, await snapshot(box))).toBe('row counts changed: change 0 -> 1, change_row 0 -> 1');
    await crmOk(box, ['client', 'add', 'Snapshot Probe']);
    expect(difference(before, await snapshot(box))).toMatch(/row counts changed: .*client 13 -> 14/);
    resetBook(box);
  });

  it('a group named without its subcommand (crm, crm client...) answers in one line, like any usage error', async () => {
    const groups = surface.filter((c) => !c.runnable || c.path.length === 0).map((c) => c.path);
    expect(groups.length).toBeGreaterThan(1);
    const wrong: string[] = [];
    for (const group of groups) {
      const result = await crm(box, group);
      if (result.code !== 0 && !/^crm: [^\r\n]*\n$/.test(result.stderr)) {
        wrong.push(`${shellLine(group)}: exit ${result.code}, ${result.stderr.split('\n').length - 1} lines on stderr, starting ${JSON.stringify(result.stderr.slice(0, 40))}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it(`every run ends with a documented code and one line, and a rejected command changes nothing (seed ${SEED}, ${RUNS} runs)`, async () => {
    const started = performance.now();
    const failures: Failure[] = [];
    const slow: string[] = [];
    let invocations = 0;
    const codes: Record<number, number> = {};
    const writes = commands.filter((c) => !readOnly(c.path));
    const reads = commands.filter((c) => readOnly(c.path));
    const writeArb = planArb(writes, globals, pools);
    const readArb = planArb(reads, globals, pools);

    const perCommand: Record<string, Record<number, number>> = {};
    const record = (run: Materialised, result: SandboxedRunResult, extra: string[] = []) => {
      invocations++;
      const tally = (perCommand[run.path.join(' ')] ??= {});
      tally[result.code] = (tally[result.code] ?? 0) + 1;
      codes[result.code] = (codes[result.code] ?? 0) + 1;
      if (result.ms > 5000) slow.push(`${Math.round(result.ms)} ms: ${shellLine(run.args, { TZ: run.env.TZ })}`);
      const problems = [...problemsOf(run, result), ...extra];
      if (problems.length > 0) {
        failures.push({ line: shellLine(run.args, { TZ: run.env.TZ }), code: result.code, stderr: result.stderr, problems });
      }
    };

    const writeRuns = Math.ceil(RUNS * 0.55);
    const readRuns = RUNS - writeRuns;
    const batches = Math.max(Math.ceil(writeRuns / WRITE_BATCH), Math.ceil(readRuns / READ_BATCH));
    for (let batch = 0; batch < batches; batch++) {
      // Writes, one at a time, each against the book as it stood just before it.
      resetBook(box);
      let before = await snapshot(box);
      expect(before.refused, 'the book the fuzzer starts from, made by commands').toBe('');
      const writePlans = fc.sample(writeArb, { seed: SEED * 1000 + batch * 2, numRuns: Math.max(0, Math.min(WRITE_BATCH, writeRuns - batch * WRITE_BATCH)) });
      for (const plan of writePlans) {
        const run = materialise(box, plan, inputs);
        const result = await runCrmSandboxed(run.args, { cwd: run.cwd, env: run.env, input: run.input, timeoutMs: SPAWN_TIMEOUT_MS });
        const extra: string[] = [];
        if (bookBytes(box.book) !== before.bytes) {
          try {
            const after = await snapshot(box);
            const changed = difference(before, after);
            if (result.code !== 0 && changed) extra.push(`rejected, yet the book changed: ${changed}`);
            // Whatever a command could write, crm import and restore take back.
            if (after.refused && !before.refused) extra.push(`it wrote a row that import and restore refuse: ${after.refused}`);
            before = after;
          } catch (error) {
            extra.push(`the book is unreadable after this run: ${(error as Error).message.trim()}`);
            resetBook(box);
            before = await snapshot(box);
          }
        }
        record(run, result, extra);
      }

      // Reads, a few at a time: whatever they exit with, the book is the same after them.
      const readPlans = fc.sample(readArb, { seed: SEED * 1000 + batch * 2 + 1, numRuns: Math.max(0, Math.min(READ_BATCH, readRuns - batch * READ_BATCH)) });
      const queue = readPlans.map((plan) => materialise(box, plan, inputs));
      const lines: string[] = [];
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          for (let run = queue.shift(); run; run = queue.shift()) {
            const result = await runCrmSandboxed(run.args, { cwd: run.cwd, env: run.env, input: run.input, timeoutMs: SPAWN_TIMEOUT_MS });
            const extra: string[] = [];
            for (const target of run.dbTargets) {
              if (target.before === 'missing' && target.after() !== 'missing') extra.push(`a read created the --db file: ${target.after()}`);
            }
            lines.push(shellLine(run.args, { TZ: run.env.TZ }));
            record(run, result, extra);
          }
        }),
      );
      if (bookBytes(box.book) !== before.bytes) {
        const changed = await snapshot(box).then(
          (after) => difference(before, after),
          (error: Error) => `the book is unreadable: ${error.message.trim()}`,
        );
        if (changed) {
          failures.push({ line: `one of:\n      ${lines.join('\n      ')}`, code: 0, stderr: '', problems: [`a read-only command changed the book: ${changed}`] });
        }
      }
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary = `fuzz: ${invocations} runs in ${seconds} s (seed ${SEED}); exit codes ${JSON.stringify(codes)}`;
    console.log(summary + (slow.length ? `\nslow:\n  ${slow.join('\n  ')}` : ''));
    if (process.env.FUZZ_VERBOSE) console.log(Object.entries(perCommand).map(([c, t]) => `${c}: ${JSON.stringify(t)}`).join('\n'));
    if (failures.length > 0) {
      throw new Error(
        `${failures.length} of ${invocations} fuzzed runs went wrong (reproduce with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}; ` +
          `env also has HOME, TMPDIR and CRM_DB in a sandbox, CRM_NOW=${DEFAULT_NOW}):\n${failures.map(describeFailure).join('\n')}`,
      );
    }
    // Every command was tried, reads and writes.
    expect(invocations).toBe(RUNS);
  }, 600_000);

  it('creates nothing outside its sandbox', () => {
    expect(fileDigest(realBook), 'the real book under the real HOME').toBe(realBookBefore);
    expect(readdirSync(ROOT).sort(), 'the repository root').toEqual(rootBefore);
  });
});
