// The book file read as bytes, before SQLite opens it. SQLite, once it opens a file, may replay a -wal into it and
// delete the -wal, or create -wal and -shm files beside it: whatever crm refuses (another program's database, a
// newer book, a device, a damaged header) must be refused before that. Nothing here creates, locks or writes a file.
//
// A book in WAL mode is its main file plus the frames committed in its -wal: the newest page 1 (which holds
// application_id and user_version) may be in the -wal only. Formats: https://www.sqlite.org/fileformat2.html
import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseError } from '../core/errors.js';
import { kindOf } from './files.js';

const SQLITE_HEADER = 'SQLite format 3\0';
const HEADER_SIZE = 100;
const WAL_HEADER_SIZE = 32;
const WAL_FRAME_HEADER_SIZE = 24;
const WAL_MAGIC = 0x377f0682; // | 1: checksums in big-endian words
const WAL_FORMAT_VERSION = 3007000;
const TABLE_LEAF_PAGE = 0x0d;
const TABLE_INTERIOR_PAGE = 0x05;

/** What the newest page 1 of a database says. */
export interface DatabaseHeader {
  pageSize: number;
  applicationId: number;
  userVersion: number;
  /** no table, index or view: sqlite_schema, the b-tree rooted on page 1, holds no row */
  schemaEmpty: boolean;
}

/** The frames of a -wal that SQLite would use: those up to its last valid commit. */
export interface WalFrames {
  pageSize: number;
  /** the database's size in pages after the last commit */
  pages: number;
  /** for each page in the -wal, the file offset of its newest committed copy (after the frame header) */
  newest: Map<number, number>;
}

export interface BookFile {
  path: string;
  /** missing: no file at the path; empty: a 0-byte file and nothing committed in a -wal; database: an SQLite database */
  state: 'missing' | 'empty' | 'database';
  /** permission bits of the file (0 when missing) */
  mode: number;
  header?: DatabaseHeader;
  /** committed frames of the -wal, when it has any */
  wal?: WalFrames;
  /** a -wal file exists (empty or not) */
  hasWal: boolean;
  /** a -shm file exists */
  hasShm: boolean;
}

/**
 * Reads what the file at path is, without changing anything. Refuses with a DatabaseError (exit 4) what cannot be a
 * book: anything but a regular file (a directory, a device, a FIFO, a socket, a link to nothing), a file crm may not
 * read, a file that is not an SQLite database, a database whose header is damaged.
 *
 * Another crm may be writing the book meanwhile (appending to its -wal, copying it into the file, removing it): a
 * verdict reached while the files changed under it is not trusted, and the book is read again.
 */
export function inspectBook(path: string): BookFile {
  for (let attempt = 1; ; attempt++) {
    const before = fingerprint(path);
    try {
      return inspectOnce(path);
    } catch (error) {
      if (attempt >= 20 || fingerprint(path) === before) throw error;
    }
    sleep(attempt);
  }
}

/** Identity, size and time of change of the file and its -wal: equal fingerprints, files unchanged meanwhile. */
function fingerprint(path: string): string {
  return [path, `${path}-wal`]
    .map((file) => {
      try {
        const stat = statSync(file, { bigint: true });
        return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
      } catch {
        return '-';
      }
    })
    .join('/');
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function inspectOnce(path: string): BookFile {
  const stat = statOrMissing(path);
  if (!stat) return { path, state: 'missing', mode: 0, hasWal: false, hasShm: false };
  if (!stat.isFile()) throw new DatabaseError(`${path} is ${kindOf(stat)}, not a crm book; it was left unchanged`);
  const walPath = `${path}-wal`;
  const walStat = statOrMissing(walPath);
  if (walStat && !walStat.isFile()) throw new DatabaseError(`${walPath} is ${kindOf(walStat)}, not SQLite's log of the book; nothing was changed`);
  const hasShm = statOrMissing(`${path}-shm`) !== undefined;
  const mode = stat.mode & 0o777;
  const main = readOnlyFile(path, mode);
  const walFile = walStat && walStat.size > 0 ? readOnlyFile(walPath, walStat.mode & 0o777) : undefined;
  try {
    const size = fstatSync(main).size;
    const first = Buffer.alloc(HEADER_SIZE + 8);
    const read = readSync(main, first, 0, first.length, 0);
    if (size > 0 && (read < SQLITE_HEADER.length || first.toString('latin1', 0, SQLITE_HEADER.length) !== SQLITE_HEADER)) {
      throw new DatabaseError(`${path} is not a crm book (not an SQLite database); it was left unchanged`);
    }
    if (size > 0 && read < first.length) throw bookDamaged(path, 'it is shorter than an SQLite header');
    const mainPageSize = size > 0 ? pageSizeOf(first) : 0;
    if (size > 0 && !mainPageSize) throw bookDamaged(path, 'its header gives no valid page size');
    const wal = walFile === undefined ? undefined : readWal(walPath, mainPageSize, walFile);
    const base = { path, mode, hasWal: walStat !== undefined, hasShm, ...(wal ? { wal } : {}) };
    if (size === 0 && !wal) return { ...base, state: 'empty' };
    let page1 = first;
    const walPage1 = wal?.newest.get(1);
    if (walPage1 !== undefined) {
      page1 = Buffer.alloc(first.length);
      readAt(walFile!, page1, 0, page1.length, walPage1);
      if (page1.toString('latin1', 0, SQLITE_HEADER.length) !== SQLITE_HEADER) throw bookDamaged(path, `the first page in ${walPath} is not an SQLite header`);
    } else if (size === 0) {
      throw bookDamaged(path, `the file is empty but ${walPath} holds changes to it`);
    }
    const header = headerOf(path, page1);
    if (!wal && validPageCount(first) * header.pageSize > size) {
      throw bookDamaged(path, `it holds ${size} bytes where its header counts ${validPageCount(first)} pages of ${header.pageSize}: it was cut short`);
    }
    return { ...base, state: 'database', header };
  } finally {
    closeSync(main);
    if (walFile !== undefined) closeSync(walFile);
  }
}

/**
 * The database as one image in memory: the main file with the -wal's committed pages applied, marked as a
 * rollback-journal database (an image has no -wal); empty when there is no database (a missing or empty file). For
 * reading a book SQLite cannot read in place without creating files beside it (a read-only folder, a book crm may
 * not write). The files are inspected again as they are read: should another program change them meanwhile, the
 * image is read again.
 */
export function readImage(path: string): Buffer {
  for (let attempt = 1; ; attempt++) {
    const before = fingerprint(path);
    const file = inspectOnce(path);
    const image = file.state === 'database' ? imageOf(file) : Buffer.alloc(0);
    if (fingerprint(path) === before) return image;
    if (attempt >= 20) throw new DatabaseError(`${path} kept changing while it was read: try again`);
    sleep(attempt);
  }
}

function imageOf(file: BookFile): Buffer {
  const main = readOnlyFile(file.path, file.mode);
  let image: Buffer;
  try {
    const size = fstatSync(main).size;
    const length = file.wal ? file.wal.pages * file.wal.pageSize : size;
    image = Buffer.alloc(length);
    readAt(main, image, 0, Math.min(size, length), 0);
  } finally {
    closeSync(main);
  }
  if (file.wal) {
    const wal = readOnlyFile(`${file.path}-wal`, file.mode);
    try {
      for (const [page, offset] of file.wal.newest) {
        if (page <= file.wal.pages) readAt(wal, image, (page - 1) * file.wal.pageSize, file.wal.pageSize, offset);
      }
    } finally {
      closeSync(wal);
    }
  }
  return asRollbackImage(image);
}

/** SQLite cannot use an image in memory whose header says WAL (bytes 18 and 19 = 2): set them to rollback journal. */
export function asRollbackImage(image: Buffer): Buffer {
  if (image.length >= HEADER_SIZE) {
    image[18] = 1;
    image[19] = 1;
  }
  return image;
}

/** Why crm may not change the file, or undefined when it may: a file without write permission, or a folder crm cannot create the -wal in. */
export function writeProblem(file: BookFile): string | undefined {
  if (file.state === 'missing') return undefined; // creating it says what goes wrong
  // Root may write a 0444 file: the user who made it read-only meant it for crm too.
  if ((file.mode & 0o222) === 0) return `the file is read-only (mode ${octal(file.mode)})`;
  if (!accessible(file.path, constants.W_OK)) return `the file is not writable by you (mode ${octal(file.mode)})`;
  const folder = dirname(file.path);
  if (!accessible(folder, constants.W_OK)) return `its folder ${folder} is read-only (SQLite keeps its -wal and -shm beside the book)`;
  return undefined;
}

export function folderWritable(path: string): boolean {
  return accessible(dirname(path), constants.W_OK);
}

export function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

function accessible(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

function statOrMissing(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const link = linkTarget(path);
      if (link !== undefined) throw new DatabaseError(`${path} is a symbolic link to ${link}, which does not exist; nothing was changed`);
      return undefined;
    }
    // Not a book that is missing (to be read as empty, or created) but a path no book can have.
    if (code === 'ENOTDIR') throw new DatabaseError(`cannot use ${path}: a part of its path is a file, not a folder`);
    if (code === 'EACCES' || code === 'EPERM') throw new DatabaseError(`cannot reach ${path}: permission denied on a folder on its way`);
    if (code === 'ELOOP') throw new DatabaseError(`${path} is a loop of symbolic links, not a crm book`);
    throw new DatabaseError(`cannot use ${path}: ${(error as Error).message}`);
  }
}

function linkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function readOnlyFile(path: string, mode: number): number {
  try {
    return openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new DatabaseError(`cannot read ${path}: permission denied (mode ${octal(mode)})`);
    throw new DatabaseError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The one way crm says a book is damaged (exit 4), found here from its header or by SQLite as it reads a page. */
export function bookDamaged(path: string, why: string): DatabaseError {
  return new DatabaseError(`the book ${path} is damaged (${why}); nothing was changed: restore a backup with crm restore`);
}

/** The page size of a header, or 0 when it is not a valid one (a power of two from 512 to 65536; 1 means 65536). */
function pageSizeOf(header: Buffer): number {
  const raw = header.readUInt16BE(16);
  const size = raw === 1 ? 65536 : raw;
  return size >= 512 && size <= 65536 && (size & (size - 1)) === 0 ? size : 0;
}

/** The page count the header vouches for (valid only when written by SQLite 3.7.0 or later in the same change), else 0. */
function validPageCount(header: Buffer): number {
  const changeCounter = header.readUInt32BE(24);
  return changeCounter !== 0 && header.readUInt32BE(92) === changeCounter ? header.readUInt32BE(28) : 0;
}

function headerOf(path: string, page1: Buffer): DatabaseHeader {
  const pageSize = pageSizeOf(page1);
  if (!pageSize) throw bookDamaged(path, 'its header gives no valid page size');
  // 1: rollback journal, 2: WAL; anything else is a format this SQLite cannot read.
  if (![1, 2].includes(page1[18]!) || ![1, 2].includes(page1[19]!)) throw bookDamaged(path, `its header names file format ${page1[18]}.${page1[19]}`);
  if (page1[21] !== 64 || page1[22] !== 32 || page1[23] !== 32) throw bookDamaged(path, 'its header has wrong payload fractions');
  if (pageSize - page1[20]! < 480) throw bookDamaged(path, 'its header reserves too much of each page');
  const pageType = page1[HEADER_SIZE];
  if (pageType !== TABLE_LEAF_PAGE && pageType !== TABLE_INTERIOR_PAGE) throw bookDamaged(path, 'its first page is not the schema table');
  return {
    pageSize,
    // Signed, as SQLite's pragmas give them.
    applicationId: page1.readInt32BE(68),
    userVersion: page1.readInt32BE(60),
    schemaEmpty: pageType === TABLE_LEAF_PAGE && page1.readUInt16BE(HEADER_SIZE + 3) === 0,
  };
}

/**
 * The committed frames of a -wal, as SQLite's recovery finds them: a valid header (magic, version, checksum), then
 * frames whose salts match the header and whose running checksum holds, up to the last commit frame. A -wal with no
 * valid header or no commit is ignored by SQLite, and here (undefined).
 */
function readWal(walPath: string, mainPageSize: number, fd: number): WalFrames | undefined {
  const size = fstatSync(fd).size;
  const header = Buffer.alloc(WAL_HEADER_SIZE);
  if (readSync(fd, header, 0, WAL_HEADER_SIZE, 0) < WAL_HEADER_SIZE) return undefined;
  const magic = header.readUInt32BE(0);
  if ((magic & ~1) >>> 0 !== WAL_MAGIC) return undefined;
  const pageSize = header.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return undefined;
  // SQLite refuses to open a database whose -wal has another format version.
  if (header.readUInt32BE(4) !== WAL_FORMAT_VERSION) throw new DatabaseError(`${walPath} has a format this crm does not know; nothing was changed`);
  const bigEndian = (magic & 1) === 1;
  let sums = walChecksum(header, 0, 24, bigEndian, 0, 0);
  if (sums[0] !== header.readUInt32BE(24) || sums[1] !== header.readUInt32BE(28)) return undefined;
  if (mainPageSize && pageSize !== mainPageSize) return undefined;
  const salt1 = header.readUInt32BE(16);
  const salt2 = header.readUInt32BE(20);
  const frame = Buffer.alloc(WAL_FRAME_HEADER_SIZE + pageSize);
  const newest = new Map<number, number>();
  const pending = new Map<number, number>();
  let pages = 0;
  for (let offset = WAL_HEADER_SIZE; offset + frame.length <= size; offset += frame.length) {
    if (readSync(fd, frame, 0, frame.length, offset) < frame.length) break;
    const page = frame.readUInt32BE(0);
    if (page === 0 || frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) break;
    sums = walChecksum(frame, 0, 8, bigEndian, sums[0], sums[1]);
    sums = walChecksum(frame, WAL_FRAME_HEADER_SIZE, frame.length, bigEndian, sums[0], sums[1]);
    if (sums[0] !== frame.readUInt32BE(16) || sums[1] !== frame.readUInt32BE(20)) break;
    pending.set(page, offset + WAL_FRAME_HEADER_SIZE);
    const pagesAfterCommit = frame.readUInt32BE(4);
    if (pagesAfterCommit !== 0) {
      for (const [p, at] of pending) newest.set(p, at);
      pending.clear();
      pages = pagesAfterCommit;
    }
  }
  return pages > 0 ? { pageSize, pages, newest } : undefined;
}

/** SQLite's WAL checksum: two running 32-bit sums over pairs of 32-bit words, in the byte order the magic names. */
function walChecksum(data: Buffer, from: number, to: number, bigEndian: boolean, s0: number, s1: number): [number, number] {
  for (let i = from; i < to; i += 8) {
    const a = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const b = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + a + s1) >>> 0;
    s1 = (s1 + b + s0) >>> 0;
  }
  return [s0, s1];
}

function readAt(fd: number, into: Buffer, offset: number, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const read = readSync(fd, into, offset + done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
}
