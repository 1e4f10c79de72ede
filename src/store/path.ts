// Where the book lives: --db, else CRM_DB, else the platform's per-user data directory; and, in words, why there.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DatabaseError } from '../core/errors.js';

/** Where the book path came from. */
export type BookSource = '--db' | 'CRM_DB' | 'default';

export interface BookLocation {
  path: string;
  source: BookSource;
  /** the folder the default path was built from, and its variable: HOME, XDG_DATA_HOME, LOCALAPPDATA */
  base?: { variable: string; folder: string };
}

/** The default book, and the variable it was built from. HOME as this run was given it (os.homedir() reads the same). */
export function defaultLocation(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = (platform !== 'win32' && env.HOME) || homedir(),
): BookLocation {
  const at = (variable: string, folder: string, ...rest: string[]): BookLocation => ({
    path: join(folder, ...rest, 'crm', 'crm.db'),
    source: 'default',
    base: { variable, folder },
  });
  if (platform === 'darwin') return at('HOME', home, 'Library', 'Application Support');
  if (platform === 'win32') return env.LOCALAPPDATA ? at('LOCALAPPDATA', env.LOCALAPPDATA) : at('USERPROFILE', home, 'AppData', 'Local');
  if (env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/')) return at('XDG_DATA_HOME', env.XDG_DATA_HOME);
  return at('HOME', home, '.local', 'share');
}

export function defaultBookPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home?: string): string {
  return defaultLocation(env, platform, home).path;
}

export function locateBook(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): BookLocation {
  if (flag) return { path: flag, source: '--db' };
  if (env.CRM_DB) return { path: env.CRM_DB, source: 'CRM_DB' };
  return defaultLocation(env);
}

export function resolveBookPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return locateBook(flag, env).path;
}

/** Why the book is where it is: "set by --db", "set by CRM_DB", "the default for HOME=/home/ana". */
export function sourceWords(location: BookLocation): string {
  return location.base ? `the default for ${location.base.variable}=${location.base.folder}` : `set by ${location.source}`;
}

/**
 * A book that is not there, explained: where the path came from, and the first folder on the way that is missing
 * (a cron job's HOME that does not exist, CRM_DB in a folder that does not).
 */
export function missingBookReason(location: BookLocation): string {
  const folder = missingFolder(location.path);
  if (!folder) return `${sourceWords(location)}; no book was made there yet`;
  if (location.base && !existsSync(location.base.folder)) return `${sourceWords(location)}, which does not exist`;
  return `${sourceWords(location)}; the folder ${folder} does not exist`;
}

/** The book's folder when it is missing, or the highest missing folder above it, if any. */
function missingFolder(path: string): string | undefined {
  let folder = dirname(resolve(path));
  if (existsSync(folder)) return undefined;
  while (!existsSync(dirname(folder)) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

/**
 * A command that is pointless without the book (reminders, an export, a backup) refuses a missing one loudly,
 * exit 4: in cron, a wrong HOME or CRM_DB must not look like "nothing due" forever.
 */
export function noBookError(location: BookLocation, consequence: string): DatabaseError {
  return new DatabaseError(`no book at ${resolve(location.path)} (${missingBookReason(location)}): ${consequence}; set CRM_DB or --db`);
}
