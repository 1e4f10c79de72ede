// Settings: the user's overrides of the defaults in core/settings.ts, stored as JSON values.
import { defaultSettings, isSettingKey, type SettingKey, type Settings } from '../core/settings.js';
import type { Db } from './open.js';

export function readSettings(db: Db): Settings {
  const settings = defaultSettings() as Record<string, number | string>;
  for (const row of db.prepare('SELECT key, value FROM setting').all() as { key: string; value: string }[]) {
    if (isSettingKey(row.key)) settings[row.key] = JSON.parse(row.value) as number | string;
  }
  return settings as Settings;
}

/** The settings the user changed (what the book records about itself, in the same table, is not one). */
export function overriddenKeys(db: Db): Set<SettingKey> {
  return new Set((db.prepare('SELECT key FROM setting').all() as { key: string }[]).map((r) => r.key).filter(isSettingKey));
}

export function writeSetting(db: Db, key: SettingKey, value: number | string): void {
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  );
}

export function removeSetting(db: Db, key: SettingKey): boolean {
  return db.prepare('DELETE FROM setting WHERE key = ?').run(key).changes > 0;
}

/** display.locale when the user set one, else null: how crm reads a date such as 03/04/2026 typed by the user. */
export function userLocale(db: Db): string | null {
  const row = db.prepare("SELECT value FROM setting WHERE key = 'display.locale'").get() as { value: string } | undefined;
  return row === undefined ? null : String(JSON.parse(row.value));
}
