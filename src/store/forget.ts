// crm client forget: every trace of a client taken out of the book, for a client who asks to be forgotten. Its rows go
// as crm client remove deletes them (cascades, the search index's triggers, the silenced reminders keyed by its
// ids), then the journal's images of its rows (store/journal.ts), and last the bytes SQLite would otherwise keep:
// secure_delete zeroes what is deleted, the full-text index is merged (a deleted text stays in its old segment until
// then), VACUUM rewrites the file without free pages, and the write-ahead log is emptied.
import { isReminderOf, type ReminderOwner } from '../core/remind/keys.js';
import { removeClient, clientUid } from './clients.js';
import { clientRowCounts, type DumpTable } from './dump.js';
import { forgetInJournal, type JournalIds } from './journal.js';
import type { Db } from './open.js';
import { reminderOwner } from './reminders.js';

export interface Forgotten {
  /** rows of the book, by table */
  rows: Map<DumpTable, number>;
  /** row images taken out of the journal, and changes that went with them */
  journalRows: number;
  journalChanges: number;
  /** false when another connection was reading: the write-ahead log keeps old pages until the last one closes */
  logEmptied: boolean;
}

/** Forgets the client, in one transaction; then the file is rewritten. `summary` is the journal's record of it. */
export function forgetClient(db: Db, client: { id: number; name: string }, record: { at: number; summary: string }): Forgotten {
  db.pragma('secure_delete = ON');
  const forgotten = db
    .transaction((): Omit<Forgotten, 'logEmptied'> => {
      const rows = clientRowCounts(db, client.id);
      const uid = clientUid(db, client.id);
      const owner = reminderOwner(db, client.id);
      removeClient(db, client.id);
      const isReminder = (key: string, journalIds: JournalIds) => isReminderOf(withJournalIds(owner, journalIds))(key);
      const journal = forgetInJournal(db, { uid, name: client.name, isReminder }, record);
      db.exec(`INSERT INTO search_index (search_index) VALUES ('optimize')`);
      return { rows, journalRows: journal.rows, journalChanges: journal.changes };
    })
    .immediate();
  // Outside the transaction (VACUUM cannot run in one); a reader holding the log open only delays its truncation.
  // VACUUM copies the book into a temporary database: kept in memory, not in a file of /tmp.
  db.pragma('temp_store = MEMORY');
  db.exec('VACUUM');
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return { ...forgotten, logEmptied: checkpoint?.busy === 0 };
}

/** The client's rows as the book holds them, and those the journal still names (removed since, or renumbered). */
function withJournalIds(owner: ReminderOwner, ids: JournalIds): ReminderOwner {
  const of = (table: string) => [...(ids.get(table) ?? [])];
  return {
    clientId: owner.clientId,
    bidIds: [...owner.bidIds, ...(of('bid') as number[])],
    topicIds: [...owner.topicIds, ...(of('conflict_topic') as number[])],
    followUpIds: [...owner.followUpIds, ...(of('follow_up') as number[])],
    voiceIds: [...owner.voiceIds, ...(of('voice') as number[])],
    invoiceNumbers: [...owner.invoiceNumbers, ...(of('invoice') as string[])],
  };
}
