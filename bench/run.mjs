#!/usr/bin/env node
// crm benchmark: generates synthetic books with the built `crm demo`, then times the everyday commands on each
// against two baselines measured interleaved in the same run: a bare `node -e 0`, and the SQL floor
// (bench/floor.mjs: node + better-sqlite3 reading the same book with one per-client aggregate per table).
// Prints medians, peak memory, the ratios, time per 100k interactions at each size, and which goals are met.
// Usage: node bench/run.mjs [--sizes small,medium,large] [--runs N] [--keep] [--out bench/results.md]
// (`npm run bench` builds first.) Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CRM = join(ROOT, 'bin', 'crm');
const CRM_NOW = '2026-11-23T09:00:00Z';
const TIMEOUT_MS = 300_000;

const SIZES = {
  small: { clients: 50, interactions: 5_000, invoices: 500, runs: 7 },
  medium: { clients: 1_000, interactions: 100_000, invoices: 10_000, runs: 5 },
  large: { clients: 10_000, interactions: 1_000_000, invoices: 100_000, runs: 3 },
};
const FLOOR = join(ROOT, 'bench', 'floor.mjs');
// The goals of issue 12: ratios to a baseline measured in the same run, peak memory on the large book.
const TARGETS = { smallRatio: 1.5, startRatio: 1.3, largeFloorRatio: 2, largeClientRatio: 1.5, largeMB: 150, generateLargeS: 20 };

// ---- options ----
function parseArgs(argv) {
  const opts = { sizes: Object.keys(SIZES), runs: null, keep: false, out: 'bench/results.md' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === '--keep') opts.keep = true;
    else if (arg.startsWith('--sizes')) opts.sizes = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (arg.startsWith('--runs')) {
      opts.runs = Number(value());
      if (!Number.isInteger(opts.runs) || opts.runs < 1) usage('--runs must be a whole number of at least 1');
    } else if (arg.startsWith('--out')) opts.out = value();
    else if (arg === '-h' || arg === '--help') usage();
    else usage(`unknown option ${arg}`);
  }
  for (const s of opts.sizes) if (!SIZES[s]) usage(`unknown size "${s}" (small, medium, large)`);
  return opts;
}
function usage(error) {
  const text = 'usage: node bench/run.mjs [--sizes small,medium,large] [--runs N] [--keep] [--out bench/results.md]\n';
  process[error ? 'stderr' : 'stdout'].write((error ? `bench: ${error}\n` : '') + text);
  process.exit(error ? 2 : 0);
}

// ---- measuring ----
const hasGnuTime = !process.env.CRM_BENCH_NO_GNU_TIME && (() => {
  if (!existsSync('/usr/bin/time')) return false;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/.test(r.stderr.trim().split('\n').pop() ?? '');
})();

let tmp; // the temp dir, set in main
let hookFile;

function childEnv() {
  const env = { ...process.env, CRM_NOW, NO_COLOR: '1' };
  delete env.CRM_DB;
  delete env.FORCE_COLOR;
  return env;
}

// One timed run: wall ms of the whole child process, stdout to /dev/null.
function timed(cmd) {
  const started = performance.now();
  const r = spawnSync(cmd.file, cmd.args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: childEnv(),
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  return { ms, ok: r.status === 0, error: failure(r) };
}

// One memory run (separate from timing): peak RSS in KiB, via GNU time or a Node --import hook.
function peak(cmd) {
  const out = join(tmp, 'maxrss.txt');
  rmSync(out, { force: true });
  let file, args, stdio;
  if (hasGnuTime) {
    file = '/usr/bin/time';
    args = ['-f', '%M', '-o', out, cmd.file, ...cmd.args];
    stdio = ['ignore', 'ignore', 'pipe'];
  } else {
    // bin/crm and `node -e 0` are both Node processes: load the hook into them (fd 3 is a pipe back to us).
    file = process.execPath;
    args = ['--import', pathToFileURL(hookFile).href, ...(cmd.file === process.execPath ? cmd.args : [cmd.file, ...cmd.args])];
    stdio = ['ignore', 'ignore', 'pipe', 'pipe'];
  }
  const started = performance.now();
  const r = spawnSync(file, args, { stdio, env: childEnv(), timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  let kib = NaN;
  if (hasGnuTime) {
    if (existsSync(out)) kib = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  } else {
    kib = Number(String(r.output?.[3] ?? '').trim());
  }
  // GNU time writes "Command exited with non-zero status" into the -o file on failure; Number() gives NaN then.
  return { kib, ms, ok: r.status === 0, error: failure(r) };
}

function failure(r) {
  if (r.status === 0) return '';
  const why = r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit ${r.status}`;
  return `${why}\n${String(r.stderr ?? '').trim().slice(0, 2000)}`;
}

// ---- statistics and formatting ----
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (ms) => (Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)) : '—');
const fmtMB = (kib) => (Number.isFinite(kib) ? (kib / 1024).toFixed(1) : '—');
const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : '—');
const num = (n) => n.toLocaleString('en-US');

function sh(file, args) {
  const r = spawnSync(file, args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

// ---- one book ----
function benchBook(name, size, runs) {
  const db = join(tmp, `${name}.db`);
  const crm = (...args) => ({ file: CRM, args: ['--db', db, ...args] });
  log(`\n[${name}] generating ${num(size.clients)} clients, ${num(size.interactions)} interactions, ${num(size.invoices)} invoices ...`);
  const gen = peak(crm('demo', '--clients', String(size.clients), '--interactions', String(size.interactions),
    '--invoices', String(size.invoices), '--seed', '1'));
  const result = { name, size, runs, gen, rows: [] };
  if (!gen.ok) {
    log(`[${name}] generation FAILED: ${gen.error}`);
    result.failed = true;
    return result;
  }
  log(`[${name}] generated in ${(gen.ms / 1000).toFixed(1)} s, peak ${fmtMB(gen.kib)} MB`);

  // A client from the book: the first of `client list --json`.
  const list = spawnSync(CRM, ['--db', db, 'client', 'list', '--json'], { env: childEnv(), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  let client = null;
  try {
    client = JSON.parse(list.stdout)[0]?.name ?? null;
  } catch {}
  if (!client) log(`[${name}] could not read a client name from client list --json: ${failure(list) || 'empty list'}`);

  // `crm log` writes: it runs against its own copy of the book so the read commands always see the generated
  // book as it was; the copy gains one interaction per run (negligible next to the book's size).
  const logDb = join(tmp, `${name}-log.db`);
  copyFileSync(db, logDb);
  if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${logDb}-wal`);

  const commands = [
    { label: 'node -e 0 (baseline)', cmd: { file: process.execPath, args: ['-e', '0'] }, baseline: 'node' },
    { label: 'SQL floor (bench/floor.mjs)', cmd: { file: process.execPath, args: [FLOOR, db, CRM_NOW] }, baseline: 'floor' },
    { label: 'crm --version', cmd: { file: CRM, args: ['--version'] }, key: 'version', start: true },
    { label: 'crm --help', cmd: { file: CRM, args: ['--help'] }, key: 'help', start: true },
    { label: 'crm health --json', cmd: crm('health', '--json'), key: 'health', floor: true },
    { label: 'crm health', cmd: crm('health'), key: 'health-text', floor: true },
    { label: 'crm health <client>', cmd: client ? crm('health', client) : null, key: 'health-client' },
    { label: 'crm remind --json', cmd: crm('remind', '--json'), key: 'remind', floor: true },
    { label: 'crm log <client> -m bench --tone 1', cmd: client ? { file: CRM, args: ['--db', logDb, 'log', client, '-m', 'bench', '--tone', '1'] } : null },
    { label: 'crm client list --json', cmd: crm('client', 'list', '--json') },
    // Looking back: one client's timeline, a word found in about one summary in eight (ranked), the journal.
    { label: 'crm log list <client>', cmd: client ? crm('log', 'list', client) : null, key: 'log-list' },
    { label: 'crm search retro', cmd: crm('search', 'retro'), key: 'search' },
    { label: 'crm search retro --client <client>', cmd: client ? crm('search', 'retro', '--client', client) : null, key: 'search-client' },
    { label: 'crm undo --list --json', cmd: { file: CRM, args: ['--db', logDb, 'undo', '--list', '--json'] }, key: 'undo-list' },
  ];
  for (const c of commands) {
    c.times = [];
    c.kib = NaN;
    c.error = c.cmd ? '' : 'no client name found in the book';
  }

  // Memory first, one run each (also warms the page cache), then interleaved timing runs.
  for (const c of commands) {
    if (c.error) continue;
    const m = peak(c.cmd);
    if (!m.ok) c.error = m.error;
    else c.kib = m.kib;
  }
  for (let run = 1; run <= runs; run++) {
    if (process.stderr.isTTY) process.stderr.write(`[${name}] timing run ${run}/${runs}\r`);
    for (const c of commands) {
      if (c.error) continue;
      const t = timed(c.cmd);
      if (!t.ok) c.error = t.error;
      else c.times.push(t.ms);
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  log(`[${name}] ${runs} timing runs done`);

  const medianOf = (c) => (c.times.length && !c.error ? median(c.times) : NaN);
  const nodeMedian = medianOf(commands.find((c) => c.baseline === 'node'));
  const floorMedian = medianOf(commands.find((c) => c.baseline === 'floor'));
  for (const c of commands) {
    if (c.error) log(`[${name}] ${c.label} FAILED: ${c.error}`);
    const med = medianOf(c);
    result.rows.push({
      label: c.label,
      key: c.key,
      baseline: c.baseline,
      start: !!c.start,
      floor: !!c.floor,
      failed: !!c.error,
      median: med,
      min: c.times.length && !c.error ? Math.min(...c.times) : NaN,
      kib: c.error ? NaN : c.kib,
      ratio: med / nodeMedian,
      floorRatio: c.floor || c.baseline === 'floor' ? med / floorMedian : NaN,
      per100k: med / (size.interactions / 100_000),
    });
  }
  result.client = client;
  return result;
}

function tableFor(r) {
  const s = r.size;
  const lines = [
    `## ${r.name}: ${num(s.clients)} clients, ${num(s.interactions)} interactions, ${num(s.invoices)} invoices`,
    '',
    `Generation (\`crm demo ... --seed 1\`, one run): ${r.gen.ok ? `${(r.gen.ms / 1000).toFixed(2)} s, peak ${fmtMB(r.gen.kib)} MB` : 'FAILED'}`,
  ];
  if (r.failed) return lines.join('\n');
  lines.push(
    `Timing: median of ${r.runs} runs, each command and both baselines in turn within every run; peak memory from a separate run. Client: "${r.client ?? '—'}".`,
    '',
    '| command | median ms | min ms | peak MB | ratio to node -e 0 | ratio to SQL floor | ms per 100k interactions |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const row of r.rows) {
    if (row.failed) lines.push(`| ${row.label} | FAILED | | | | | |`);
    else {
      const per100k = row.floor || row.baseline === 'floor' ? fmtMs(row.per100k) : '';
      lines.push(`| ${row.label} | ${fmtMs(row.median)} | ${fmtMs(row.min)} | ${fmtMB(row.kib)} | ${fmtRatio(row.ratio)} | ${Number.isFinite(row.floorRatio) ? fmtRatio(row.floorRatio) : ''} | ${per100k} |`);
    }
  }
  return lines.join('\n');
}

/** Time per 100k interactions at each size, side by side: cost that grows linearly keeps it flat once start-up is small next to it. */
function growthFor(results) {
  const measured = results.filter((r) => !r.failed);
  if (measured.length < 2) return '';
  const lines = [
    '## Growth: ms per 100k interactions',
    '',
    `| command | ${measured.map((r) => `${r.name} (${num(r.size.interactions)})`).join(' | ')} |`,
    `|---|${measured.map(() => '---:').join('|')}|`,
  ];
  for (const label of measured[0].rows.filter((x) => x.floor || x.baseline === 'floor').map((x) => x.label)) {
    const cells = measured.map((r) => {
      const row = r.rows.find((x) => x.label === label);
      return row && !row.failed ? fmtMs(row.per100k) : '—';
    });
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  lines.push('', 'On the small book start-up dominates (it is shared by fewer interactions); from medium to large the figure stays flat when cost grows linearly.');
  return lines.join('\n');
}

function targetsFor(results) {
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  const mark = (ok) => (ok ? 'met' : '**NOT met**');
  const lines = ['## Goals', ''];
  const small = byName.small;
  if (!small) lines.push(`- small book: every command within ${TARGETS.smallRatio}x of \`node -e 0\`: not measured`);
  else if (small.failed) lines.push(`- small book: generation FAILED`);
  else
    for (const row of small.rows.filter((x) => !x.baseline)) {
      const goal = row.start ? TARGETS.startRatio : TARGETS.smallRatio;
      lines.push(`- small, ${row.label}: ${row.failed ? 'FAILED' : fmtRatio(row.ratio)} of node -e 0, goal ≤ ${goal}x: ${mark(!row.failed && row.ratio <= goal)}`);
    }
  const large = byName.large;
  if (!large) lines.push(`- large book (health and remind within ${TARGETS.largeFloorRatio}x of the SQL floor and ≤ ${TARGETS.largeMB} MB): not measured`);
  else if (large.failed) lines.push('- large book: generation FAILED: **NOT met**');
  else {
    const genS = large.gen.ms / 1000;
    lines.push(`- large, generation: ${genS.toFixed(1)} s, goal ≤ ${TARGETS.generateLargeS} s: ${mark(genS <= TARGETS.generateLargeS)}`);
    for (const row of large.rows.filter((x) => x.floor)) {
      if (row.failed) {
        lines.push(`- large, ${row.label}: FAILED: **NOT met**`);
        continue;
      }
      lines.push(`- large, ${row.label}: ${fmtRatio(row.floorRatio)} of the SQL floor, goal ≤ ${TARGETS.largeFloorRatio}x: ${mark(row.floorRatio <= TARGETS.largeFloorRatio)}`);
      lines.push(`- large, ${row.label}: peak ${fmtMB(row.kib)} MB, goal ≤ ${TARGETS.largeMB} MB: ${mark(row.kib / 1024 <= TARGETS.largeMB)}`);
    }
    const one = large.rows.find((x) => x.key === 'health-client');
    if (one) lines.push(`- large, ${one.label}: ${one.failed ? 'FAILED' : fmtRatio(one.ratio)} of node -e 0, goal ≤ ${TARGETS.largeClientRatio}x: ${mark(!one.failed && one.ratio <= TARGETS.largeClientRatio)}`);
  }
  return lines.join('\n');
}

function log(text) {
  process.stderr.write(`${text}\n`);
}

// ---- main ----
function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'crm.js'))) {
    log('bench: dist/crm.js is missing: run "npm run build" (or "npm run bench", which builds first)');
    process.exit(1);
  }
  tmp = join(os.tmpdir(), `crm-bench-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  hookFile = join(tmp, 'maxrss-hook.mjs');
  writeFileSync(
    hookFile,
    "import { writeSync } from 'node:fs';\n" +
      "process.on('exit', () => { try { writeSync(3, String(process.resourceUsage().maxRSS) + '\\n'); } catch {} });\n",
  );
  const cleanup = () => {
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });

  const commit = sh('git', ['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : '';
  const cpus = os.cpus();
  const header = [
    '# crm benchmark',
    '',
    `- date: ${new Date().toISOString()}`,
    `- node: ${process.version} (${process.platform} ${process.arch})`,
    `- machine: ${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `- git: ${commit}${dirty}`,
    `- CRM_NOW=${CRM_NOW}; peak memory = max RSS via ${hasGnuTime ? 'GNU time (%M)' : 'process.resourceUsage().maxRSS (--import hook)'}`,
    '- `crm log` runs against a copy of the book, which gains one interaction per run.',
  ].join('\n');

  const results = [];
  const started = performance.now();
  try {
    for (const name of opts.sizes) results.push(benchBook(name, SIZES[name], opts.runs ?? SIZES[name].runs));
  } finally {
    cleanup();
  }
  const total = ((performance.now() - started) / 1000).toFixed(0);
  const text = [header, ...results.map(tableFor), growthFor(results), targetsFor(results), `_Total bench time: ${total} s._`].filter(Boolean).join('\n\n') + '\n';
  process.stdout.write(`\n${text}`);
  const out = resolve(process.cwd(), opts.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  log(`\nwritten to ${out}${opts.keep ? `; books kept in ${tmp}` : ''}`);
  if (results.some((r) => r.failed || r.rows.some((x) => x.failed))) process.exitCode = 1;
}

main();
