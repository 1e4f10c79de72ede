// Where the book lives: --db, else CRM_DB, else the platform's per-user data directory.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultBookPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'crm', 'crm.db');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'crm', 'crm.db');
  const dataHome = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(dataHome, 'crm', 'crm.db');
}

export function resolveBookPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.CRM_DB || defaultBookPath(env);
}
