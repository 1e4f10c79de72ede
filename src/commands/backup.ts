// crm backup and crm restore: a consistent copy of the live book, and replacing the book with such a copy.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Context } from '../context.js';
import { InputError } from '../core/errors.js';
import { confirm } from '../prompts/confirm.js';
import { backupBook, installBook, isEncryptedBackupFile, keepAsidePath, noteBackup, replaceBook, stageRestore } from '../store/backup.js';
import { countClients } from '../store/clients.js';
import { noBookError } from '../store/path.js';
import { scryptParamsFrom } from '../core/backup-crypto.js';
import { PASSPHRASE_ENV, readPassphrase } from '../prompts/passphrase.js';
import { withExamples } from './shared.js';

export function registerBackup(program: Command, ctx: Context): void {
  const backup = program
    .command('backup')
    .description('copy the book to a file: one consistent, standalone file, safe while another crm is writing')
    .argument('<file>', 'where to write the copy (created 0600)')
    .option('-f, --force', 'replace the file if it exists')
    .option('--encrypt', `encrypt it with a passphrase (${PASSPHRASE_ENV}, or asked twice)`)
    .option('--passphrase-env <var>', `with --encrypt: read the passphrase from VAR, not ${PASSPHRASE_ENV}`)
    .action(async (file, flags) => {
      if (file === '') throw new InputError('name the backup file, such as crm-backup.db');
      if (flags.passphraseEnv !== undefined && !flags.encrypt) throw new InputError('--passphrase-env goes with --encrypt');
      const bookPath = ctx.bookPath;
      if (!existsSync(bookPath)) throw noBookError(ctx.bookLocation, 'nothing to back up');
      // Asked before the book is read: no read is held open while the person types.
      const encryption = flags.encrypt
        ? { passphrase: await readPassphrase(ctx, { variable: flags.passphraseEnv, purpose: 'crm backup --encrypt', twice: true }), params: scryptParamsFrom(ctx.env) }
        : undefined;
      const { clients } = backupBook(ctx.book('read', { ownTransactions: true, readOnly: true }), bookPath, file, { force: Boolean(flags.force), encryption });
      // The copy is made: the read is over. Closed first, so that the writer noting the backup is the book's last
      // connection, and SQLite tidies away the -wal and -shm when it closes.
      ctx.close();
      const unrecorded = noteBackup(bookPath, { at: ctx.now().at, path: resolve(file), clients });
      ctx.info(`Backed up ${plural(clients, 'client')} to ${file}${encryption ? ', encrypted (AES-256-GCM, the key derived from your passphrase by scrypt)' : ''}.`);
      if (unrecorded) ctx.info(`crm: this backup is not recorded in the book (crm info shows the last one recorded): ${unrecorded}`);
    });
  withExamples(backup, [
    'crm backup ~/backups/crm-$(date +%F).db',
    'crm backup /mnt/usb/crm.db --force',
    'crm backup --encrypt /mnt/usb/crm.db.enc      # asks for a passphrase twice',
    'CRM_PASSPHRASE="$(pass show crm)" crm backup --encrypt crm.db.enc',
  ]);

  const restore = program
    .command('restore')
    .description('replace the book with a backup (the current book is kept aside as a timestamped copy)')
    .argument('<file>', 'a crm book, such as one written by crm backup')
    .option('-y, --yes', 'do not ask (needed when not on a terminal)')
    .option('--passphrase-env <var>', `an encrypted backup's passphrase is in VAR, not ${PASSPHRASE_ENV}`)
    .action(async (file, flags) => {
      const bookPath = ctx.bookPath;
      const passphrase = isEncryptedBackupFile(file)
        ? await readPassphrase(ctx, { variable: flags.passphraseEnv, purpose: `restoring the encrypted backup ${file}`, twice: false })
        : undefined;
      const staged = stageRestore(file, bookPath, passphrase);
      try {
        if (!existsSync(bookPath)) {
          // Nothing is replaced, so nothing to confirm.
          installBook(staged, bookPath);
          ctx.info(`Restored ${file} (${plural(staged.clients, 'client')}) as the book at ${bookPath}.`);
          return;
        }
        const db = ctx.book('write');
        const current = countClients(db);
        const keepAs = keepAsidePath(bookPath, ctx.now().at);
        if (!flags.yes) {
          if (!ctx.interactive) {
            throw new InputError(`restoring replaces the book at ${bookPath}: add --yes to confirm (no terminal to ask on)`);
          }
          const sure = await confirm(
            ctx,
            `Replace the book at ${bookPath} (${plural(current, 'client')}) with ${file} (${plural(staged.clients, 'client')})? The current book is kept as ${keepAs}.`,
          );
          if (!sure) {
            ctx.info('Nothing restored.');
            return;
          }
        }
        const kept = replaceBook(db, bookPath, staged, keepAs);
        ctx.info(`Restored ${file} (${plural(staged.clients, 'client')}) into ${bookPath}.`);
        ctx.info(`The previous book (${plural(current, 'client')}) is kept at ${kept}.`);
      } finally {
        staged.discard();
      }
    });
  withExamples(restore, [
    'crm restore ~/backups/crm-2026-11-01.db',
    'crm restore crm-backup.db --yes',
    'crm restore /mnt/usb/crm.db.enc     # encrypted: asks for its passphrase',
  ]);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
