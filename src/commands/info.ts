// crm info: where the book is (and why there), its size, schema, what it holds, its last backup, the settings changed.
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { SETTING_SPECS, type SettingKey } from '../core/settings.js';
import { bookInfoJson, renderBookInfo, type BookInfo } from '../render/info.js';
import { formatOf, printItem } from '../render/output.js';
import { bookFiles, countRows, journalSize } from '../store/book-info.js';
import { readBookRecords } from '../store/book-records.js';
import { LATEST_SCHEMA } from '../store/migrations.js';
import { missingBookReason, sourceWords } from '../store/path.js';
import { overriddenKeys, readSettings } from '../store/settings.js';
import { withExamples } from './shared.js';

export function registerInfo(program: Command, ctx: Context): void {
  const command = program
    .command('info')
    .summary('where the book is, its size, schema, counts, last backup, settings changed')
    .description(
      'where the book is and why there (--db, CRM_DB or the default), its size, schema, when it was created, what it holds, ' +
        'its last backup and the settings you changed (settings are kept in the book: each book has its own)',
    )
    .option('--json', 'print a JSON object')
    .action((flags) => {
      const format = formatOf(flags);
      const location = ctx.bookLocation;
      const files = bookFiles(location.path);
      const info: BookInfo = {
        location: { path: resolve(location.path), source: location.source, why: files.exists ? sourceWords(location) : missingBookReason(location) },
        ...files,
        latestSchema: LATEST_SCHEMA,
        records: { created: null, lastBackup: null },
        counts: null,
        settings: [],
        journal: null,
      };
      if (files.exists) {
        const db = ctx.book('read');
        const settings = readSettings(db);
        info.records = readBookRecords(db);
        info.counts = countRows(db);
        info.journal = journalSize(db);
        info.settings = [...overriddenKeys(db)]
          .sort()
          .map((key: SettingKey) => ({ key, value: settings[key], default: SETTING_SPECS[key].default }));
      }
      printItem(ctx, format, bookInfoJson(info), () => renderBookInfo(info, ctx));
    });
  withExamples(command, ['crm info', 'crm --db ~/work.db info', "crm info --json | jq -r '.path'"]);
}
