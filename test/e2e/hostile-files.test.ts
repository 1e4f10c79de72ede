// Hostile files and outputs, as an attacker (or bad luck) would arrange them: a full disk under --out and under
// stdout, a reader that goes away, --out aimed at devices, FIFOs, links and existing files, restores of FIFOs
// and unreadable files, crm killed halfway through a backup or restore, and a writer waiting on a big restore.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, TempBook, childEnv, countRows, expectError, fileDigest, runCrm, runCrmAsync, startCrm, waitUntil, type RunResult } from '../helpers/cli.js';

const isRoot = process.getuid?.() === 0;
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

let book: TempBook;
beforeEach(() => {
  book = new TempBook();
});
afterEach(() => book.cleanup());

const at = (name: string) => join(book.dir, name);

/** A book of 20 clients and 200 interactions: its JSON export is about 90 KB. */
function demoBook(path = book.path, interactions = 200): void {
  const made = runCrm(['demo', '--db', path, '--clients', String(Math.max(20, interactions / 50)), '--interactions', String(interactions)]);
  if (made.code !== 0) throw new Error(`crm demo: ${made.stderr}`);
}

function result(spawned: SpawnSyncReturns<string>): RunResult {
  if (spawned.error) throw spawned.error;
  return { code: spawned.status ?? -1, stdout: spawned.stdout ?? '', stderr: spawned.stderr ?? '', json: () => JSON.parse(spawned.stdout) };
}

/** crm with its stdout on /dev/full: every write fails with ENOSPC. */
function toFullDisk(args: string[]): RunResult & { signal: NodeJS.Signals | null } {
  const full = openSync('/dev/full', 'w');
  try {
    const spawned = spawnSync(process.execPath, [BIN, ...args], { env: childEnv({ env: { CRM_DB: book.path } }), stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 30_000 });
    return { ...result(spawned), signal: spawned.signal };
  } finally {
    closeSync(full);
  }
}

/** crm under `ulimit -f kilobytes`: a file can grow no larger (EFBIG, and SIGXFSZ, past it), like a disk filling up. */
function withFileLimit(kilobytes: number, args: string[]): RunResult & { signal: NodeJS.Signals | null } {
  const spawned = spawnSync('bash', ['-c', `ulimit -f ${kilobytes} && exec "$@"`, 'bash', process.execPath, BIN, ...args], {
    env: childEnv({ env: { CRM_DB: book.path } }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ...result(spawned), signal: spawned.signal };
}

/** Files crm may have left behind: its hidden temporary files and their SQLite companions. */
function temporaryFiles(dir = book.dir): string[] {
  return readdirSync(dir).filter((name) => /\.tmp($|-)|\.crm-/.test(name));
}

function mkfifo(path: string): void {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
}

/**
 * A character device to aim at. As root (this machine), one made in the test's folder with the numbers of
 * /dev/null: a bug can then only replace this node, never the machine's /dev/null. Otherwise /dev/null itself,
 * which an unprivileged crm could not replace anyway.
 */
function characterDevice(): string {
  const path = at('null-device');
  if (isRoot && spawnSync('mknod', [path, 'c', '1', '3']).status === 0) return path;
  return '/dev/null';
}


describe('a full or closed standard output', () => {
  it('a full disk on stdout: "crm: cannot write the output: the disk is full", exit 1, no stack trace, whatever the command', () => {
    demoBook();
    const commands = [
      ['export'],
      ['export', '--format', 'csv', '--table', 'interactions'],
      ['client', 'list', '--json'],
      ['health'],
      ['--db', book.path, '--help'], // help from the program
      ['--help'], // help and version from the launcher's table
      ['--version'],
      ['help', 'client', 'add'],
    ];
    for (const args of commands) {
      const run = toFullDisk(args);
      expect({ args, code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({
        args,
        code: 1,
        signal: null,
        stderr: 'crm: cannot write the output: the disk is full\n',
      });
    }
  });

  it('a reader that stops reading (crm export | head -c 100) ends crm quietly with exit 0', async () => {
    demoBook(book.path, 2000);
    const child = spawn(process.execPath, [BIN, 'export'], { env: childEnv({ env: { CRM_DB: book.path } }) });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // Like head: read the first chunk, then close the pipe while crm still has most of the export to write.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  });
});

describe.runIf(hasBash)('a full disk under --out (ulimit -f)', () => {
  it('export --out: exit 1 naming the file, no file and no temporary file left; an older file stays as it was', () => {
    demoBook();
    const size = Buffer.byteLength(book.ok(['export']).stdout);
    expect(size).toBeGreaterThan(60 * 1024);
    // Room for all but the last kilobyte: the last write is cut short, as on a disk that fills up (the bug
    // wrote 12,288 of 23,836 bytes and said "Exported").
    const limit = Math.floor((size - 1) / 1024);
    const out = at('out.json');
    const run = withFileLimit(limit, ['export', '--out', out]);
    expect(run.signal).toBeNull();
    expectError(run, 1, /^crm: cannot write .*out\.json: the file would be larger than allowed \(ulimit -f, or the file system\); nothing was written$/);
    expect(existsSync(out)).toBe(false);
    expect(temporaryFiles()).toEqual([]);

    writeFileSync(out, 'the export of yesterday');
    expectError(withFileLimit(limit, ['export', '--out', out, '--force']), 1, /cannot write .*out\.json/);
    expect(readFileSync(out, 'utf8')).toBe('the export of yesterday');
    expect(temporaryFiles()).toEqual([]);
    // With room enough, the same command writes the whole export.
    book.ok(['export', '--out', out, '--force']);
    expect(Buffer.byteLength(readFileSync(out))).toBe(size);
  });

  it('backup and restore: exit 1 naming the file, nothing written, the book unchanged', () => {
    demoBook();
    const backup = at('backup.db');
    const run = withFileLimit(80, ['backup', backup]);
    expect(run.signal).toBeNull();
    expectError(run, 1, /^crm: cannot write .*backup\.db: disk I\/O error while writing \(is the disk full, or the file over a size limit\?\); nothing was written$/);
    expect(existsSync(backup)).toBe(false);
    expect(temporaryFiles()).toEqual([]);

    book.ok(['backup', backup]);
    const small = at('small.db');
    runCrm(['--db', small, 'client', 'add', 'Acme']);
    const before = fileDigest(small);
    const restore = withFileLimit(64, ['--db', small, 'restore', backup, '--yes']);
    expect(restore.signal).toBeNull();
    expectError(restore, 1, /^crm: cannot write the copy of .*backup\.db beside the book: the file would be larger than allowed/);
    expect(fileDigest(small)).toBe(before);
    expect(temporaryFiles()).toEqual([]);
  });
});

describe('--out aimed at what is not a new regular file', () => {
  it('export refuses a FIFO, links, a device and a link to stdout (even with --force), leaving each as it was; --out - is stdout', () => {
    demoBook();
    writeFileSync(at('victim.json'), 'precious');
    symlinkSync(at('victim.json'), at('link.json'));
    symlinkSync(at('nowhere.json'), at('dangling.json'));
    mkfifo(at('fifo'));
    const device = characterDevice();
    const deviceBefore = statSync(device);
    // What /dev/stdout is (a link to /proc/self/fd/1), made here: aimed at the real one, the bug replaced it
    // with a regular file as root.
    symlinkSync('/proc/self/fd/1', at('stdout'));
    const toStdout = /not a regular file: to write to standard output, leave out --out \(or give --out -\)$/;
    for (const force of [[], ['--force']]) {
      expectError(book.run(['export', '--out', at('fifo'), ...force]), 2, new RegExp(`fifo is a FIFO \\(named pipe\\), ${toStdout.source}`));
      expectError(book.run(['export', '--out', device, ...force]), 2, new RegExp(`is a character device, ${toStdout.source}`));
      expectError(book.run(['export', '--out', at('stdout'), ...force]), 2, new RegExp(`stdout is a link to a (FIFO \\(named pipe\\)|socket), ${toStdout.source}`));
      expectError(book.run(['export', '--out', at('link.json'), ...force]), 2, /link\.json is a symbolic link: crm does not write through links; name the file itself/);
      expectError(book.run(['export', '--out', at('dangling.json'), ...force]), 2, /dangling\.json is a symbolic link/);
    }
    expect(lstatSync(at('fifo')).isFIFO()).toBe(true);
    const deviceAfter = lstatSync(device);
    expect(deviceAfter.isCharacterDevice()).toBe(true);
    expect(deviceAfter.rdev).toBe(deviceBefore.rdev);
    expect(readlinkSync(at('stdout'))).toBe('/proc/self/fd/1');
    expect(readlinkSync(at('link.json'))).toBe(at('victim.json'));
    expect(readFileSync(at('victim.json'), 'utf8')).toBe('precious');
    expect(existsSync(at('nowhere.json'))).toBe(false);
    expect(temporaryFiles()).toEqual([]);

    const dashed = book.ok(['export', '--out', '-']);
    expect(dashed.stdout).toBe(book.ok(['export']).stdout);
  });

  it('an existing file is replaced only with --force, and the refusal names --force', () => {
    demoBook();
    const out = at('out.json');
    writeFileSync(out, 'keep me');
    expectError(book.run(['export', '--out', out]), 2, /out\.json already exists: add --force to replace it$/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    book.ok(['export', '--out', out, '--force']);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ format: 'crm-export' });
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('backup refuses the same targets, even with --force', () => {
    demoBook();
    mkfifo(at('fifo'));
    writeFileSync(at('victim.db'), 'precious');
    symlinkSync(at('victim.db'), at('link.db'));
    const device = characterDevice();
    expectError(book.run(['backup', at('fifo'), '--force']), 2, /fifo is a FIFO \(named pipe\), not a regular file: back up to a regular file$/);
    expectError(book.run(['backup', device, '--force']), 2, /is a character device, not a regular file: back up to a regular file$/);
    expectError(book.run(['backup', at('link.db'), '--force']), 2, /link\.db is a symbolic link/);
    expect(lstatSync(at('fifo')).isFIFO()).toBe(true);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(readFileSync(at('victim.db'), 'utf8')).toBe('precious');
    expect(temporaryFiles()).toEqual([]);
  });
});

describe('restore of what is not a readable file', () => {
  it('a FIFO is refused at once (it used to hang), a folder and a device too: exit 2, nothing changed', () => {
    book.ok(['client', 'add', 'Acme']);
    const before = fileDigest(book.path);
    mkfifo(at('fifo'));
    mkdirSync(at('folder.db'));
    for (const [source, kind] of [
      [at('fifo'), 'a FIFO \\(named pipe\\)'],
      [at('folder.db'), 'a folder'],
      [characterDevice(), 'a character device'],
    ] as const) {
      const spawned = spawnSync(process.execPath, [BIN, 'restore', source, '--yes'], { env: childEnv({ env: { CRM_DB: book.path } }), encoding: 'utf8', timeout: 10_000 });
      expect(spawned.signal, `crm restore ${source} hung`).toBeNull();
      expectError(result(spawned), 2, new RegExp(`is ${kind}, not a file: restore reads only regular files; nothing was changed$`));
    }
    expect(fileDigest(book.path)).toBe(before);
    expect(temporaryFiles()).toEqual([]);
  });

  it('an unreadable file: "cannot read ...: permission denied", exit 1, not "unexpected error"', () => {
    demoBook(at('secret.db'));
    chmodSync(at('secret.db'), 0o600);
    if (isRoot) {
      // root reads everything: the restore runs as nobody, on a book of its own, and the source stays root's.
      chmodSync(book.dir, 0o755);
      const home = at('nobody');
      mkdirSync(home);
      chownSync(home, 65534, 65534);
      const asNobody = (args: string[]) =>
        result(spawnSync(process.execPath, [BIN, '--db', join(home, 'book.db'), ...args], { env: childEnv({}), encoding: 'utf8', uid: 65534, gid: 65534, timeout: 30_000 }));
      expect(asNobody(['client', 'add', 'Acme']).code).toBe(0);
      const before = fileDigest(join(home, 'book.db'));
      expectError(asNobody(['restore', at('secret.db'), '--yes']), 1, /^crm: cannot read .*secret\.db: permission denied; nothing was changed$/);
      expect(fileDigest(join(home, 'book.db'))).toBe(before);
    } else {
      chmodSync(at('secret.db'), 0o000);
      book.ok(['client', 'add', 'Acme']);
      expectError(book.run(['restore', at('secret.db'), '--yes']), 1, /^crm: cannot read .*secret\.db: permission denied; nothing was changed$/);
    }
  });
});

describe('crm killed halfway', () => {
  /** Starts crm and SIGKILLs it as soon as one of its temporary files appears in dir; the names left behind. */
  async function killWhenTemporary(args: string[], dir: string): Promise<string[]> {
    const before = new Set(temporaryFiles(dir));
    const fresh = () => temporaryFiles(dir).filter((name) => !before.has(name));
    const started = startCrm(args, { env: { CRM_DB: book.path } });
    await waitUntil(() => fresh().length > 0 || !started.running(), 'a temporary file', 20_000, 1);
    started.child.kill('SIGKILL');
    const done = await started.done;
    expect(done.signal, `crm ${args.join(' ')} ended before it could be killed: ${done.stderr}`).toBe('SIGKILL');
    return fresh();
  }

  it('the staged copy of a killed restore, and the temporary file of a killed backup, go on the next run; files not crm\'s stay', async () => {
    demoBook(at('source.db'), 5_000);
    copyFileSync(at('source.db'), book.path);
    const others = ['.book.db.12345.tmp', 'notes.tmp', '.book.db.crm-000000-1-deadbeef.tmp'];
    for (const name of others) writeFileSync(at(name), 'not crm\'s');

    const staged = await killWhenTemporary(['restore', at('source.db'), '--yes'], book.dir);
    expect(staged.length).toBeGreaterThan(0);
    book.ok(['restore', at('source.db'), '--yes']);
    expect(temporaryFiles().sort()).toEqual([...others].sort());

    const backups = at('backups');
    mkdirSync(backups);
    const half = await killWhenTemporary(['backup', join(backups, 'crm.db')], backups);
    expect(half.length).toBeGreaterThan(0);
    book.ok(['backup', join(backups, 'crm.db')]);
    expect(readdirSync(backups)).toEqual(['crm.db']);
  });
});

describe('restore of a large book', () => {
  it('keeps the lock briefly: crm log started during the restore waits and succeeds, and no log is lost', { timeout: 120_000 }, async () => {
    // 20,000 interactions: the quadratic restore held the lock for about 10 s here, past the 5 s writers wait.
    demoBook(at('source.db'), 20_000);
    copyFileSync(at('source.db'), book.path);
    const client = runCrm(['--db', at('source.db'), 'client', 'list', '--json']).json<{ name: string }[]>()[0]!.name;
    const base = countRows(book.path, 'interaction');

    const restore = startCrm(['restore', at('source.db'), '--yes'], { env: { CRM_DB: book.path } });
    const logs: RunResult[] = [];
    let during = 0;
    // Writers one after another for as long as the restore runs (and at least a few): some start while it holds the lock.
    for (let i = 0; restore.running() || i < 3; i++) {
      if (restore.running()) during++;
      logs.push(await runCrmAsync(['log', client, '-m', `during restore ${i}`], { env: { CRM_DB: book.path } }));
    }
    const restored = await restore.done;
    expect(restored.code, restored.stderr).toBe(0);
    expect(during).toBeGreaterThanOrEqual(2);
    expect(logs.filter((log) => log.code !== 0).map((log) => log.stderr)).toEqual([]);

    // Each log landed before the restore (and is in the copy kept aside) or after it (and is in the book).
    const kept = readdirSync(book.dir).filter((name) => name.startsWith('book.db.before-restore-'));
    expect(kept).toHaveLength(1);
    const inBook = countRows(book.path, 'interaction') - base;
    const inKept = countRows(at(kept[0]!), 'interaction') - base;
    expect(inBook + inKept).toBe(logs.length);
    expect(temporaryFiles()).toEqual([]);
  });
});
