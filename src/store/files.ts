// The one door for the user's files: every file crm writes (an export, a backup, a restore's staged copy, the
// copy of the book kept aside) is written here, and the files crm reads whole on the user's say-so (a restore's
// source) are opened here.
//
// A written file is private and whole or absent: a hidden temporary file beside the target, created 0600, every
// write checked (a short write is finished, a full disk is an error), fsync, then rename (or link, when nothing
// may be replaced) onto the target and fsync of the folder. Only regular files are ever replaced: a device, a
// FIFO, a socket or a symbolic link is refused, and an existing file only with --force.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { CrmError, InputError, NotFoundError } from '../core/errors.js';

export interface WriteOptions {
  /** replace an existing regular file (the command's --force) */
  replace?: boolean;
  /** files the target must never be: the book and its -wal, -shm, -journal */
  notThese?: readonly string[];
  /** a file name to suggest when the target is a folder, such as crm-backup.db */
  example?: string;
  /** what to do instead when the target is a device, a FIFO or a socket */
  specialHint?: string;
  /** how a write failure names the file, when not by the target (a restore's copy beside the book) */
  what?: string;
  /** test seam: the write(2) used for every chunk (returns the bytes written, as writeSync does) */
  writeBytes?: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
}

/** The target appeared while the file was written, and may not be replaced. */
export class TargetExistsError extends InputError {
  constructor(target: string) {
    super(`${target} already exists: add --force to replace it`);
  }
}

/** Refuses a target crm must not write: everything but a new file or (with replace) an existing regular file. */
export function checkTarget(target: string, options: WriteOptions = {}): void {
  const folder = dirname(target);
  const folderStat = statQuietly(folder);
  if (!folderStat) throw new InputError(`cannot write ${target}: the folder ${folder} does not exist; nothing was written`);
  if (!folderStat.isDirectory()) throw new InputError(`cannot write ${target}: ${folder} is not a folder; nothing was written`);
  for (const part of options.notThese ?? []) {
    if (resolve(target) === resolve(part) || sameFile(target, part)) {
      throw new InputError(`${target} is the book itself (or one of its files): write to another file`);
    }
  }
  const found = lstatQuietly(target);
  if (!found) return;
  if (found.isSymbolicLink()) {
    const pointsTo = statQuietly(target);
    if (pointsTo && !pointsTo.isFile() && !pointsTo.isDirectory()) throw refusedSpecial(target, `a link to ${kindOf(pointsTo)}`, options);
    throw new InputError(`${target} is a symbolic link: crm does not write through links; name the file itself; nothing was written`);
  }
  if (found.isDirectory()) {
    const example = options.example ? `, such as ${join(target, options.example)}` : '';
    throw new InputError(`${target} is a folder: name the file${example}`);
  }
  if (!found.isFile()) throw refusedSpecial(target, kindOf(found), options);
  if (!options.replace) throw new TargetExistsError(target);
}

function refusedSpecial(target: string, kind: string, options: WriteOptions): InputError {
  const hint = options.specialHint ? `: ${options.specialHint}` : '; nothing was written';
  return new InputError(`${target} is ${kind}, not a regular file${hint}`);
}

/** What a file that is not a regular file is, in words: 'a character device', 'a FIFO (named pipe)'... */
export function kindOf(stat: Stats): string {
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'a special file';
}

/**
 * A file being written: a hidden temporary file beside the target until commit() puts it in place. Use it as
 * `const file = AtomicFile.create(...); try { fill; file.commit(); } finally { file.discard(); }`.
 * The temporary file (`path`) may also be filled by SQLite (VACUUM INTO) or copied into.
 */
export class AtomicFile {
  private fd: number | undefined;
  private done = false;

  private constructor(
    readonly target: string,
    /** the temporary file */
    readonly path: string,
    fd: number,
    private readonly options: WriteOptions,
  ) {
    this.fd = fd;
  }

  /** Checks the target, removes stale temporary files crm left in its folder, creates the temporary file. */
  static create(target: string, options: WriteOptions = {}): AtomicFile {
    checkTarget(target, options);
    return AtomicFile.beside(target, options);
  }

  /**
   * A temporary file beside target without checking target first (a restore stages its copy beside the book it
   * will replace); commit() still refuses to replace anything unless options.replace.
   */
  static beside(target: string, options: WriteOptions = {}): AtomicFile {
    const folder = dirname(target);
    removeStaleTempFiles(folder);
    const path = join(folder, tempName(basename(target)));
    let fd: number;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    } catch (error) {
      throw writeFailure(error, options.what ?? target);
    }
    try {
      // Whatever the umask: owner read and write, nobody else.
      if (process.platform !== 'win32') fchmodSync(fd, 0o600);
    } catch (error) {
      closeSync(fd);
      unlinkQuietly(path);
      throw writeFailure(error, options.what ?? target);
    }
    return new AtomicFile(target, path, fd, options);
  }

  /** Appends all of data, or throws: a short write is continued, a write that makes no progress is a full disk. */
  write(data: string | Uint8Array): void {
    if (this.fd === undefined) throw new Error(`${this.target} is no longer open for writing`);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const writeBytes = this.options.writeBytes ?? writeSync;
    let offset = 0;
    while (offset < bytes.length) {
      let written: number;
      try {
        written = writeBytes(this.fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        throw writeFailure(error, this.options.what ?? this.target);
      }
      // write(2) wrote nothing and gave no error: the disk is full (a short write is followed by this or ENOSPC).
      if (written <= 0) throw writeFailure(Object.assign(new Error('no progress'), { code: 'ENOSPC' }), this.options.what ?? this.target);
      offset += written;
    }
  }

  /** Makes the file durable and puts it at the target; returns the target. */
  commit(): string {
    return this.place((temp) => {
      if (this.options.replace) {
        checkTarget(this.target, this.options); // it may have become a link or a FIFO meanwhile
        renameSync(temp, this.target);
      } else if (!linkNew(temp, this.target)) {
        throw new TargetExistsError(this.target);
      }
      return this.target;
    });
  }

  /** Puts the file at the first free name of names(1), names(2)...; never replaces anything. */
  commitAtFirstFree(names: (n: number) => string): string {
    return this.place((temp) => {
      for (let n = 1; n <= 100; n++) {
        const name = names(n);
        if (linkNew(temp, name)) return name;
      }
      throw new CrmError('runtime', `cannot find a free name for ${names(1)}; nothing was written`);
    });
  }

  private place(put: (temp: string) => string): string {
    if (this.done) throw new Error(`${this.target} was already committed or discarded`);
    let placed: string;
    try {
      this.sync();
      placed = put(this.path);
    } catch (error) {
      this.discard();
      throw error instanceof CrmError ? error : writeFailure(error, this.options.what ?? this.target);
    }
    this.done = true;
    unlinkQuietly(this.path); // after a link, the temporary name is still there
    syncFolder(dirname(placed));
    return placed;
  }

  private sync(): void {
    const fd = this.fd ?? openSync(this.path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
      this.fd = undefined;
    }
  }

  /** Removes the temporary file (and SQLite's companions of it) unless it was committed. Safe to call twice. */
  discard(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    if (this.done) return;
    this.done = true;
    for (const file of withCompanions(this.path)) unlinkQuietly(file);
  }

}

/**
 * link() refuses atomically when the name exists, whatever it is (a file that appeared meanwhile, a dangling
 * link); false then. File systems without hard links (FAT on a USB stick) get rename() when the name is free.
 */
function linkNew(temp: string, name: string): boolean {
  try {
    linkSync(temp, name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' || lstatQuietly(name)) return false;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    renameSync(temp, name);
    return true;
  }
}

// --- temporary names, and the ones a killed crm left behind ---

/** Which machine a temporary file was made on: a process id means something only there (a shared folder). */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);
// The temporary file, SQLite's companions of it, and the copy openBook makes of a staged book before upgrading it.
const TEMP_NAME = /^\..*\.crm-([0-9a-f]{6})-(\d+)-[0-9a-f]{8}\.tmp(?:-journal|-wal|-shm|\.v\d+-\d{8}T\d{6}Z(?:-\d+)?\.bak)?$/;

function tempName(name: string): string {
  // Short enough for the file system's 255-byte limit on a name, whatever the target's.
  const stem = Buffer.byteLength(name) > 160 ? createHash('sha256').update(name).digest('hex').slice(0, 16) : name;
  return `.${stem}.crm-${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Removes the temporary files a killed crm left in folder: only files named the way crm names them, owned by this
 * user, made on this machine by a process that is gone. Never anyone else's file; never fails.
 */
export function removeStaleTempFiles(folder: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match || match[1] !== HOST_TAG) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || isRunning(pid)) continue;
    const path = join(folder, name);
    const stat = lstatQuietly(path);
    if (!stat?.isFile() || (process.getuid && stat.uid !== process.getuid())) continue;
    if (unlinkQuietly(path)) removed.push(path);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function withCompanions(path: string): string[] {
  return [path, `${path}-journal`, `${path}-wal`, `${path}-shm`];
}

// --- reading a file the user names ---

/** A regular file opened for reading, never blocking: a FIFO would wait forever for a writer. */
export function openSource(path: string, what: string): { fd: number; stat: Stats } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw readFailure(error, path, what);
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    const kind = kindOf(stat);
    throw new InputError(`${path} is ${kind}, not a file: ${what} reads only regular files; nothing was changed`);
  }
  return { fd, stat };
}

/** A file that cannot be read: one line that says why. */
export function readFailure(error: unknown, path: string, what: string): CrmError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new NotFoundError(`no file ${path} to ${what}`);
  return new CrmError('runtime', `cannot read ${path}: ${failureReason(error)}; nothing was changed`);
}

// --- why a write failed ---

/** A write to target failed: one line, exit 1; the target was not changed. */
export function writeFailure(error: unknown, target: string): CrmError {
  if (error instanceof CrmError) return error;
  return new CrmError('runtime', `cannot write ${target}: ${failureReason(error)}; nothing was written`);
}

/** True for an error that says the output could not be written (a full disk, a size limit, a failing drive). */
export function isWriteFailure(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return false;
  return (
    ['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO', 'EROFS'].includes(code) ||
    ['SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(code) ||
    /^SQLITE_IOERR_(WRITE|FSYNC|TRUNCATE|DIR_FSYNC)$/.test(code)
  );
}

/** The reason, in words, for an operating system or SQLite error on a file (or on the output). */
export function failureReason(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'ENOSPC':
    case 'SQLITE_FULL':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EFBIG':
      return 'the file would be larger than allowed (ulimit -f, or the file system)';
    case 'EIO':
      return 'input/output error (a failing or removed drive?)';
    case 'EROFS':
    case 'SQLITE_READONLY':
      return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the folder is gone (removed meanwhile?)';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'too many symbolic links (or a link where a file was expected)';
    case 'EISDIR':
      return 'it is a folder';
    case 'EPIPE':
      return 'the reader has gone (broken pipe)';
    case 'EAGAIN':
      return 'the output is not ready (non-blocking)';
  }
  // SQLite does not pass the errno on: a write failed, most likely for want of space.
  if (code === 'SQLITE_IOERR_WRITE') return 'disk I/O error while writing (is the disk full, or the file over a size limit?)';
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) return 'disk I/O error';
  const message = error instanceof Error ? error.message : String(error);
  // Node's messages repeat the code and the path: keep the words.
  return message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}

// --- small helpers ---

/** Two paths name the same file (a link, a different spelling of the path). */
export function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function statQuietly(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function lstatQuietly(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function unlinkQuietly(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The rename itself reaches the disk (not possible, nor needed, on Windows). */
export function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems cannot sync a folder; the rename is still atomic
  }
}
