// The one file writer (src/store/files.ts): whole or nothing, private, only ever over a regular file; and the
// reader of a file the user names, which never blocks on a FIFO.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrmError, InputError, NotFoundError } from '../../src/core/errors.js';
import { AtomicFile, checkTarget, openSource, readFailure, removeStaleTempFiles, TargetExistsError } from '../../src/store/files.js';

let dir: string;
let server: Server | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-files-'));
});
afterEach(() => {
  server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const at = (name: string) => join(dir, name);
const listing = () => readdirSync(dir).sort();

/** Writes text to target through the writer; the error it threw, if any. */
function write(target: string, text: string | (string | Uint8Array)[], options: Parameters<typeof AtomicFile.create>[1] = {}): unknown {
  try {
    const file = AtomicFile.create(target, options);
    try {
      for (const chunk of Array.isArray(text) ? text : [text]) file.write(chunk);
      file.commit();
    } finally {
      file.discard();
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
}

/**
 * A character device to aim at: made here when running as root (so a bug could only replace this node, never
 * one in /dev); otherwise /dev/null, which an unprivileged process could not replace anyway.
 */
function characterDevice(): string {
  const path = at('null-device');
  if (process.getuid?.() === 0 && spawnSync('mknod', [path, 'c', '1', '3']).status === 0) return path;
  return '/dev/null';
}

describe('writing a file', () => {
  it('creates a new 0600 file with exactly the bytes written, and leaves nothing else', () => {
    const old = process.umask(0);
    try {
      expect(write(at('out.json'), ['{"a":', '1}\n', Buffer.from('é')])).toBeUndefined();
    } finally {
      process.umask(old);
    }
    expect(readFileSync(at('out.json'), 'utf8')).toBe('{"a":1}\né');
    expect(statSync(at('out.json')).mode & 0o777).toBe(0o600);
    expect(listing()).toEqual(['out.json']);
  });

  it('finishes short writes: every byte arrives however little each write(2) takes', () => {
    const text = 'x'.repeat(10_000) + 'end';
    const calls: number[] = [];
    const trickle = (fd: number, buffer: Uint8Array, offset: number, length: number) => {
      calls.push(length);
      return writeSync(fd, buffer, offset, Math.min(length, 777));
    };
    expect(write(at('out.txt'), text, { writeBytes: trickle })).toBeUndefined();
    expect(readFileSync(at('out.txt'), 'utf8')).toBe(text);
    expect(calls.length).toBeGreaterThan(10);
  });

  it('a full disk in the middle (a short write, then ENOSPC): an error naming the file, and no file at all', () => {
    let budget = 5000;
    const filling = (fd: number, buffer: Uint8Array, offset: number, length: number) => {
      if (budget <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const n = Math.min(length, budget);
      budget -= n;
      return writeSync(fd, buffer, offset, n);
    };
    const error = write(at('out.json'), ['a'.repeat(4000), 'b'.repeat(4000)], { writeBytes: filling });
    expect(error).toBeInstanceOf(CrmError);
    expect((error as CrmError).category).toBe('runtime');
    expect((error as Error).message).toBe(`cannot write ${at('out.json')}: the disk is full; nothing was written`);
    expect(listing()).toEqual([]);
  });

  it('a write(2) that makes no progress is a full disk too, and an existing file is left as it was', () => {
    writeFileSync(at('out.json'), 'the old export');
    const stuck = () => 0;
    const error = write(at('out.json'), 'new', { replace: true, writeBytes: stuck });
    expect((error as Error).message).toMatch(/the disk is full; nothing was written/);
    expect(readFileSync(at('out.json'), 'utf8')).toBe('the old export');
    expect(listing()).toEqual(['out.json']);
  });

  it('EFBIG (ulimit -f) and EIO say what happened', () => {
    for (const [code, words] of [
      ['EFBIG', /larger than allowed/],
      ['EIO', /input\/output error/],
      ['EDQUOT', /quota/],
    ] as const) {
      const failing = () => {
        throw Object.assign(new Error(`${code}: whatever`), { code });
      };
      expect((write(at('out.json'), 'x', { writeBytes: failing }) as Error).message).toMatch(words);
      expect(listing()).toEqual([]);
    }
  });

  it('an existing file is replaced only when asked (--force), and the refusal names --force', () => {
    writeFileSync(at('out.json'), 'keep me');
    const error = write(at('out.json'), 'new');
    expect(error).toBeInstanceOf(TargetExistsError);
    expect((error as Error).message).toBe(`${at('out.json')} already exists: add --force to replace it`);
    expect(readFileSync(at('out.json'), 'utf8')).toBe('keep me');
    expect(write(at('out.json'), 'new', { replace: true })).toBeUndefined();
    expect(readFileSync(at('out.json'), 'utf8')).toBe('new');
    expect(statSync(at('out.json')).mode & 0o777).toBe(0o600);
  });

  it('a file that appears while writing is not replaced without --force', () => {
    const file = AtomicFile.create(at('out.json'));
    try {
      file.write('mine');
      writeFileSync(at('out.json'), 'theirs');
      expect(() => file.commit()).toThrow(TargetExistsError);
    } finally {
      file.discard();
    }
    expect(readFileSync(at('out.json'), 'utf8')).toBe('theirs');
    expect(listing()).toEqual(['out.json']);
  });

  it('a target that becomes a symbolic link while writing is refused at the end, even with --force', () => {
    writeFileSync(at('victim'), 'precious');
    writeFileSync(at('out.json'), 'old');
    const file = AtomicFile.create(at('out.json'), { replace: true });
    try {
      file.write('new');
      rmSync(at('out.json'));
      symlinkSync(at('victim'), at('out.json'));
      expect(() => file.commit()).toThrow(/symbolic link/);
    } finally {
      file.discard();
    }
    expect(lstatSync(at('out.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(at('victim'), 'utf8')).toBe('precious');
  });

  it('refuses links, FIFOs, sockets and devices, with or without --force, and leaves each as it was', async () => {
    writeFileSync(at('victim'), 'precious');
    symlinkSync(at('victim'), at('link'));
    symlinkSync(at('nowhere'), at('dangling'));
    mkfifo(at('fifo'));
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(at('socket'), resolve));
    const device = characterDevice();
    const deviceBefore = statSync(device);
    const hint = 'to write to standard output, leave out --out';
    for (const replace of [false, true]) {
      const refused = (name: string, message: RegExp) => {
        const error = write(name, 'x', { replace, specialHint: hint });
        expect(error, name).toBeInstanceOf(InputError);
        expect((error as Error).message, name).toMatch(message);
      };
      refused(at('link'), /is a symbolic link: crm does not write through links/);
      refused(at('dangling'), /is a symbolic link/);
      refused(at('fifo'), /is a FIFO \(named pipe\), not a regular file: to write to standard output, leave out --out/);
      refused(at('socket'), /is a socket, not a regular file/);
      refused(device, /is a character device, not a regular file/);
    }
    expect(readlinkSync(at('link'))).toBe(at('victim'));
    expect(readFileSync(at('victim'), 'utf8')).toBe('precious');
    expect(lstatSync(at('dangling')).isSymbolicLink()).toBe(true);
    expect(existsSync(at('nowhere'))).toBe(false);
    expect(lstatSync(at('fifo')).isFIFO()).toBe(true);
    expect(lstatSync(at('socket')).isSocket()).toBe(true);
    const deviceAfter = lstatSync(device);
    expect(deviceAfter.isCharacterDevice()).toBe(true);
    expect(deviceAfter.rdev).toBe(deviceBefore.rdev);
    expect(listing().filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a folder (suggesting a name in it), a missing folder, and the files it is told to protect', () => {
    expect(() => checkTarget(dir, { example: 'crm-export.json' })).toThrow(`${dir} is a folder: name the file, such as ${join(dir, 'crm-export.json')}`);
    expect(() => checkTarget(at('nope/out.json'))).toThrow(/the folder .*nope does not exist/);
    writeFileSync(at('book.db'), 'book');
    symlinkSync(at('book.db'), at('alias.db'));
    expect(() => checkTarget(at('book.db'), { replace: true, notThese: [at('book.db')] })).toThrow(/is the book itself/);
    expect(() => checkTarget(at('./book.db-wal'), { notThese: [at('book.db-wal')] })).toThrow(/is the book itself/);
  });

  it('a folder it cannot write in: one line, exit 1 category', () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: check the wording of the failure instead.
      const error = write(at('out.json'), 'x', {
        writeBytes: () => {
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        },
      });
      expect((error as Error).message).toBe(`cannot write ${at('out.json')}: permission denied; nothing was written`);
      return;
    }
    chmodSync(dir, 0o500);
    try {
      const error = write(at('out.json'), 'x');
      expect((error as CrmError).category).toBe('runtime');
      expect((error as Error).message).toMatch(/cannot write .*out\.json: permission denied/);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('commitAtFirstFree takes the first name that is free and never replaces one', () => {
    writeFileSync(at('kept.bak'), 'first');
    writeFileSync(at('kept-2.bak'), 'second');
    const file = AtomicFile.create(at('kept.bak'), { replace: true });
    try {
      file.write('third');
      expect(file.commitAtFirstFree((n) => at(n === 1 ? 'kept.bak' : `kept-${n}.bak`))).toBe(at('kept-3.bak'));
    } finally {
      file.discard();
    }
    expect(listing()).toEqual(['kept-2.bak', 'kept-3.bak', 'kept.bak']);
    expect(readFileSync(at('kept-3.bak'), 'utf8')).toBe('third');
    expect(readFileSync(at('kept.bak'), 'utf8')).toBe('first');
  });
});

describe('temporary files a killed crm left behind', () => {
  /** A temporary file as crm names it, as if made by process pid (and its SQLite journal). */
  function leftover(target: string, pid: number): string[] {
    const file = AtomicFile.create(target);
    file.write('half a backup');
    const name = basename(file.path).replace(`-${process.pid}-`, `-${pid}-`);
    renameSync(file.path, at(name));
    writeFileSync(at(`${name}-journal`), 'journal');
    file.discard();
    return [name, `${name}-journal`];
  }

  it('are removed on the next write in their folder: only crm-named ones, of processes that are gone', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // exited: its pid is free (reuse is harmless: kept)
    const stale = leftover(at('backup.db'), dead);
    const live = leftover(at('other.db'), process.ppid);
    const foreign = ['.backup.db.12345.tmp', '.x.crm-zzzzzz-1-00000000.tmp', 'notes.tmp', '.backup.db.crm-000000-1-deadbeef.tmp'];
    for (const name of foreign) writeFileSync(at(name), 'not ours');
    expect(write(at('export.json'), '{}')).toBeUndefined();
    expect(listing()).toEqual([...live, ...foreign, 'export.json'].sort());
    expect(stale.every((name) => !existsSync(at(name)))).toBe(true);
  });

  it('removeStaleTempFiles never fails, even on a missing folder', () => {
    expect(removeStaleTempFiles(at('missing'))).toEqual([]);
  });
});

describe('opening a file to read', () => {
  it('a FIFO is refused at once instead of waiting for a writer; a folder and a device too', () => {
    mkfifo(at('fifo'));
    const started = Date.now();
    expect(() => openSource(at('fifo'), 'restore')).toThrow(`${at('fifo')} is a FIFO (named pipe), not a file: restore reads only regular files; nothing was changed`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(() => openSource(dir, 'restore')).toThrow(/is a folder, not a file/);
    expect(() => openSource(characterDevice(), 'restore')).toThrow(/is a character device, not a file/);
  });

  it('a missing file is not found (exit 3); an unreadable one says why (exit 1)', () => {
    expect(() => openSource(at('nothing.db'), 'restore')).toThrow(NotFoundError);
    const denied = readFailure(Object.assign(new Error("EACCES: permission denied, open 'x'"), { code: 'EACCES' }), at('x.db'), 'restore');
    expect(denied.category).toBe('runtime');
    expect(denied.message).toBe(`cannot read ${at('x.db')}: permission denied; nothing was changed`);
  });
});
