// Numbered schema migrations. Each runs in one transaction and sets PRAGMA user_version to its number.
// Never edit a released migration: add a new one. Test books for every released version live in test/fixtures.

import type { SearchKind } from '../core/search.js';

export const CRM_APPLICATION_ID = 0x43524d31; // "CRM1": marks the file as a crm book

/**
 * Books that knew a client before schema 2 recorded when it was added: the book followed the client from its
 * earliest row (an import of old history included), or from when it was added. Run by migration 2 and after a
 * dump from before schema 2 is imported.
 */
export const FILL_TRACKED_FROM = `
  UPDATE client SET tracked_from = min(
    created_at,
    coalesce((SELECT min(at) FROM interaction WHERE client_id = client.id), created_at),
    coalesce((SELECT min(at) FROM bid WHERE client_id = client.id), created_at),
    coalesce((SELECT min(at) FROM appreciation WHERE client_id = client.id), created_at),
    coalesce((SELECT min(learned_at) FROM need WHERE client_id = client.id), created_at),
    coalesce((SELECT min(created_at) FROM follow_up WHERE client_id = client.id), created_at),
    coalesce((SELECT min(e.at) FROM conflict_event e JOIN conflict_topic t ON t.id = e.topic_id WHERE t.client_id = client.id), created_at),
    coalesce((SELECT min(strftime('%s', issued, 'utc') * 1000) FROM invoice WHERE client_id = client.id), created_at)
  )
  WHERE tracked_from IS NULL`;

/**
 * Books before schema 2 did not record when a topic was resolved: its last raising is the nearest day known.
 * Run by migration 2 and after a dump from before schema 2 is imported.
 */
export const FILL_RESOLVED_AT = `
  UPDATE conflict_topic SET resolved_at = (SELECT max(at) FROM conflict_event e WHERE e.topic_id = conflict_topic.id)
  WHERE status = 'resolved' AND resolved_at IS NULL`;

/** A new row's uid: 128 random bits as 32 lower-case hex digits. Part of migration 3 (its DEFAULT): never change it. */
export const NEW_UID = 'lower(hex(randomblob(16)))';

/**
 * Migration 3's rebuild of one table with its uid (after id): the v3 table is made beside it, filled (each row gets a
 * uid), then takes its place; its indexes are made again, and one on the uid. Frozen with migration 3: never edit.
 */
function rebuiltWithUid(table: string, columns: string, copied: string, indexes: string[]): string {
  return `
  CREATE TABLE ${table}_v3 (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL DEFAULT (${NEW_UID}),${columns}
  );
  INSERT INTO ${table}_v3 (id, ${copied}) SELECT id, ${copied} FROM ${table};
  DROP TABLE ${table};
  ALTER TABLE ${table}_v3 RENAME TO ${table};
  ${[...indexes, `CREATE UNIQUE INDEX ${table}_uid ON ${table}(uid)`].join(';\n  ')};`;
}

/**
 * What `crm search` finds (schema 4): each text column below has its rows in the full-text index `search_index`
 * under rowid = row id × 16 + code, kept in step by triggers. Frozen with the migration that made it: indexing
 * another column is a new migration, with a new code.
 */
export const SEARCH_SOURCES = [
  { code: 1, kind: 'interaction', table: 'interaction', column: 'summary' },
  { code: 2, kind: 'bid', table: 'bid', column: 'text' },
  { code: 3, kind: 'need', table: 'need', column: 'text' },
  { code: 4, kind: 'voice', table: 'voice', column: 'text' },
  { code: 5, kind: 'topic', table: 'conflict_topic', column: 'topic' },
  { code: 6, kind: 'follow-up', table: 'follow_up', column: 'text' },
  { code: 7, kind: 'appreciation', table: 'appreciation', column: 'note' },
  { code: 8, kind: 'invoice', table: 'invoice', column: 'note' },
  { code: 9, kind: 'client', table: 'client', column: 'note' },
  { code: 10, kind: 'client', table: 'client', column: 'end_reason' },
] as const satisfies readonly { code: number; kind: SearchKind; table: string; column: string }[];
export const SEARCH_KEY_BITS = 4; // rowid = id << 4 | code

/**
 * The full-text index over SEARCH_SOURCES and its triggers. The texts a book already holds are indexed when it is
 * first opened for a change (store/search.ts completeSearchIndex), not here: a read of a book from before schema 4
 * upgrades a copy in memory, every time until a change upgrades the file, and indexing a million texts there took
 * ten seconds and 300 MB for each `crm health`.
 */
function searchIndexSql(): string {
  const parts = [
    // Diacritics folded (Zoe finds Zoë), one text column; bm25 ranks. Each row's text is kept (for snippets).
    `CREATE VIRTUAL TABLE search_index USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');`,
  ];
  for (const { code, table, column } of SEARCH_SOURCES) {
    const key = (row: 'new' | 'old') => `(${row}.id << ${SEARCH_KEY_BITS}) | ${code}`;
    const name = `search_${table}_${column}`;
    parts.push(`
  CREATE TRIGGER ${name}_insert AFTER INSERT ON ${table} WHEN new.${column} IS NOT NULL BEGIN
    INSERT INTO search_index (rowid, text) VALUES (${key('new')}, new.${column});
  END;
  CREATE TRIGGER ${name}_update AFTER UPDATE OF id, ${column} ON ${table}
  WHEN old.id IS NOT new.id OR old.${column} IS NOT new.${column} BEGIN
    DELETE FROM search_index WHERE rowid = ${key('old')};
    INSERT INTO search_index (rowid, text) SELECT ${key('new')}, new.${column} WHERE new.${column} IS NOT NULL;
  END;
  CREATE TRIGGER ${name}_delete AFTER DELETE ON ${table} WHEN old.${column} IS NOT NULL BEGIN
    DELETE FROM search_index WHERE rowid = ${key('old')};
  END;`);
  }
  return parts.join('\n');
}

/**
 * Fills the empty index from the rows, a statement per source: within one statement FTS5 keeps what it indexes in
 * memory (each rowid higher than the last), then writes it out at once; merged into one b-tree at the end.
 */
export function searchFillSql(): string {
  const fills = SEARCH_SOURCES.map(
    ({ code, table, column }) =>
      `INSERT INTO search_index (rowid, text) SELECT (id << ${SEARCH_KEY_BITS}) | ${code}, ${column} FROM ${table} WHERE ${column} IS NOT NULL ORDER BY id;`,
  );
  return [...fills, `INSERT INTO search_index (search_index) VALUES ('optimize');`].join('\n');
}

export const MIGRATIONS: readonly string[] = [
  // 1: the book
  `
  CREATE TABLE client (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,           -- normalised, case-folded name: names are unique case-insensitively
    email TEXT,
    company TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
    since TEXT NOT NULL,                     -- YYYY-MM-DD, the relationship's start
    ended_on TEXT,
    end_reason TEXT,
    cadence_hours REAL NOT NULL DEFAULT 720 CHECK (cadence_hours > 0),
    reply_within_hours REAL NOT NULL DEFAULT 24 CHECK (reply_within_hours > 0),
    note TEXT,
    created_at INTEGER NOT NULL              -- epoch ms UTC
  );

  CREATE TABLE client_tag (
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (client_id, tag)
  ) WITHOUT ROWID;
  CREATE INDEX client_tag_tag ON client_tag(tag);

  CREATE TABLE interaction (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('call', 'meeting', 'video', 'email', 'chat', 'in-person', 'other')),
    from_client INTEGER NOT NULL DEFAULT 0 CHECK (from_client IN (0, 1)),
    tone INTEGER NOT NULL DEFAULT 0 CHECK (tone BETWEEN -2 AND 2),
    summary TEXT,
    horsemen TEXT NOT NULL DEFAULT '',       -- comma-separated, canonical order
    repair INTEGER NOT NULL DEFAULT 0 CHECK (repair IN (0, 1)),
    feedback INTEGER NOT NULL DEFAULT 0 CHECK (feedback IN (0, 1))
  );
  CREATE INDEX interaction_client_at ON interaction(client_id, at);

  CREATE TABLE bid (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('request', 'question', 'complaint')),
    response TEXT CHECK (response IN ('toward', 'against')),
    answered_at INTEGER,
    answer_interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    CHECK ((response IS NULL) = (answered_at IS NULL))
  );
  CREATE INDEX bid_client_at ON bid(client_id, at);

  CREATE TABLE conflict_topic (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    topic_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'managed', 'resolved')),
    UNIQUE (client_id, topic_key)
  );

  CREATE TABLE conflict_event (
    id INTEGER PRIMARY KEY,
    topic_id INTEGER NOT NULL REFERENCES conflict_topic(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    at INTEGER NOT NULL,
    repaired INTEGER NOT NULL DEFAULT 0 CHECK (repaired IN (0, 1))
  );
  CREATE INDEX conflict_event_topic ON conflict_event(topic_id, at);

  CREATE TABLE appreciation (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    at INTEGER NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('to-client', 'from-client')),
    kind TEXT NOT NULL,
    note TEXT
  );
  CREATE INDEX appreciation_client_at ON appreciation(client_id, at);

  CREATE TABLE need (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    learned_at INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'need' CHECK (kind IN ('need', 'preference', 'goal'))
  );
  CREATE INDEX need_client ON need(client_id);

  CREATE TABLE invoice (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL UNIQUE,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    issued TEXT NOT NULL,
    due TEXT NOT NULL,
    voided_at INTEGER,
    note TEXT,
    CHECK (due >= issued)
  );
  CREATE INDEX invoice_client ON invoice(client_id);

  CREATE TABLE payment (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE CASCADE,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    paid_on TEXT NOT NULL
  );
  CREATE INDEX payment_invoice ON payment(invoice_id);

  CREATE TABLE follow_up (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    due TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    done_at INTEGER
  );
  CREATE INDEX follow_up_client ON follow_up(client_id);

  CREATE TABLE reminder_state (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('snoozed', 'done')),
    until INTEGER,                           -- snoozed until this instant
    fingerprint TEXT NOT NULL                -- the reminder's data when silenced: a change brings it back
  );

  CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                      -- JSON
  );
  `,
  // 2: health model 2. When the book started following each client, the last contact before that, the
  // user's own needs raised with a client (voice), when a topic was resolved; a setting renamed.
  `
  ALTER TABLE client ADD COLUMN tracked_from INTEGER;  -- epoch ms: history before it is unknown, not bad
  ALTER TABLE client ADD COLUMN last_contact TEXT;     -- YYYY-MM-DD, the last contact before tracked_from
  ALTER TABLE conflict_topic ADD COLUMN resolved_at INTEGER;

  CREATE TABLE voice (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    raised_at INTEGER NOT NULL,
    text TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'heard', 'ignored')),
    outcome_at INTEGER,
    CHECK ((outcome = 'open') = (outcome_at IS NULL))
  );
  CREATE INDEX voice_client ON voice(client_id, raised_at);

  ${FILL_RESOLVED_AT};
  INSERT OR IGNORE INTO setting (key, value) SELECT 'remind.conflict.revisit.days', value FROM setting WHERE key = 'health.gridlock.days';
  DELETE FROM setting WHERE key = 'health.gridlock.days';
  ${FILL_TRACKED_FROM};
  `,
  // 3: the journal. Every row has a stable identity (uid) that another copy of the book could know it by; every
  // change crm makes is one ordered entry with the rows it changed, for crm undo (and, one day, for sync).
  // SQLite cannot add a column with a computed default to a table: each table is rebuilt (sqlite.org/lang_altertable.html,
  // "making other kinds of table schema changes"), with foreign keys off (see FOREIGN_KEYS_OFF) and checked after.
  `
  ${rebuiltWithUid('client', `
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,           -- normalised, case-folded name: names are unique case-insensitively
    email TEXT,
    company TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
    since TEXT NOT NULL,                     -- YYYY-MM-DD, the relationship's start
    ended_on TEXT,
    end_reason TEXT,
    cadence_hours REAL NOT NULL DEFAULT 720 CHECK (cadence_hours > 0),
    reply_within_hours REAL NOT NULL DEFAULT 24 CHECK (reply_within_hours > 0),
    note TEXT,
    created_at INTEGER NOT NULL,             -- epoch ms UTC
    tracked_from INTEGER,                    -- epoch ms: history before it is unknown, not bad
    last_contact TEXT                        -- YYYY-MM-DD, the last contact before tracked_from`,
    'name, name_key, email, company, status, since, ended_on, end_reason, cadence_hours, reply_within_hours, note, created_at, tracked_from, last_contact',
    [],
  )}
  ${rebuiltWithUid('interaction', `
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('call', 'meeting', 'video', 'email', 'chat', 'in-person', 'other')),
    from_client INTEGER NOT NULL DEFAULT 0 CHECK (from_client IN (0, 1)),
    tone INTEGER NOT NULL DEFAULT 0 CHECK (tone BETWEEN -2 AND 2),
    summary TEXT,
    horsemen TEXT NOT NULL DEFAULT '',       -- comma-separated, canonical order
    repair INTEGER NOT NULL DEFAULT 0 CHECK (repair IN (0, 1)),
    feedback INTEGER NOT NULL DEFAULT 0 CHECK (feedback IN (0, 1))`,
    'client_id, at, channel, from_client, tone, summary, horsemen, repair, feedback',
    ['CREATE INDEX interaction_client_at ON interaction(client_id, at)'],
  )}
  ${rebuiltWithUid('bid', `
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('request', 'question', 'complaint')),
    response TEXT CHECK (response IN ('toward', 'against')),
    answered_at INTEGER,
    answer_interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    CHECK ((response IS NULL) = (answered_at IS NULL))`,
    'client_id, interaction_id, at, text, kind, response, answered_at, answer_interaction_id',
    ['CREATE INDEX bid_client_at ON bid(client_id, at)'],
  )}
  ${rebuiltWithUid('conflict_topic', `
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    topic_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'managed', 'resolved')),
    resolved_at INTEGER,
    UNIQUE (client_id, topic_key)`,
    'client_id, topic, topic_key, status, resolved_at',
    [],
  )}
  ${rebuiltWithUid('conflict_event', `
    topic_id INTEGER NOT NULL REFERENCES conflict_topic(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    at INTEGER NOT NULL,
    repaired INTEGER NOT NULL DEFAULT 0 CHECK (repaired IN (0, 1))`,
    'topic_id, interaction_id, at, repaired',
    ['CREATE INDEX conflict_event_topic ON conflict_event(topic_id, at)'],
  )}
  ${rebuiltWithUid('appreciation', `
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    at INTEGER NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('to-client', 'from-client')),
    kind TEXT NOT NULL,
    note TEXT`,
    'client_id, interaction_id, at, direction, kind, note',
    ['CREATE INDEX appreciation_client_at ON appreciation(client_id, at)'],
  )}
  ${rebuiltWithUid('need', `
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    learned_at INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'need' CHECK (kind IN ('need', 'preference', 'goal'))`,
    'client_id, learned_at, text, kind',
    ['CREATE INDEX need_client ON need(client_id)'],
  )}
  ${rebuiltWithUid('voice', `
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    raised_at INTEGER NOT NULL,
    text TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'heard', 'ignored')),
    outcome_at INTEGER,
    CHECK ((outcome = 'open') = (outcome_at IS NULL))`,
    'client_id, interaction_id, raised_at, text, outcome, outcome_at',
    ['CREATE INDEX voice_client ON voice(client_id, raised_at)'],
  )}
  ${rebuiltWithUid('invoice', `
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL UNIQUE,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    issued TEXT NOT NULL,
    due TEXT NOT NULL,
    voided_at INTEGER,
    note TEXT,
    CHECK (due >= issued)`,
    'client_id, number, number_key, amount_minor, currency, issued, due, voided_at, note',
    ['CREATE INDEX invoice_client ON invoice(client_id)'],
  )}
  ${rebuiltWithUid('payment', `
    invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE CASCADE,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    paid_on TEXT NOT NULL`,
    'invoice_id, amount_minor, paid_on',
    ['CREATE INDEX payment_invoice ON payment(invoice_id)'],
  )}
  ${rebuiltWithUid('follow_up', `
    client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
    interaction_id INTEGER REFERENCES interaction(id) ON DELETE SET NULL,
    due TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    done_at INTEGER`,
    'client_id, interaction_id, due, text, created_at, done_at',
    ['CREATE INDEX follow_up_client ON follow_up(client_id)'],
  )}

  -- One entry per change crm made to the book (a command, an undo, a redo), in the order they were made.
  CREATE TABLE change (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL DEFAULT (${NEW_UID}),
    at INTEGER NOT NULL,                     -- epoch ms UTC: the run's clock
    command TEXT NOT NULL,                   -- the command that made it: 'log', 'client edit', 'undo'
    summary TEXT NOT NULL,                   -- what the command said it did
    kind TEXT NOT NULL DEFAULT 'command' CHECK (kind IN ('command', 'undo', 'redo')),
    reverts INTEGER UNIQUE,                  -- the change an undo or redo reverted (no foreign key: the journal is trimmed)
    CHECK ((kind = 'command') = (reverts IS NULL))
  );
  CREATE UNIQUE INDEX change_uid ON change(uid);

  -- The rows a change wrote, in the order it wrote them, as JSON images of the whole row (foreign keys by id and uid).
  CREATE TABLE change_row (
    id INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES change(id) ON DELETE CASCADE,
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,                   -- the row's uid, or its natural key as a JSON array (client_tag, setting...)
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    before_json TEXT,                        -- the row before (update, delete)
    after_json TEXT,                         -- the row after (insert, update)
    CHECK ((before_json IS NULL) = (op = 'insert') AND (after_json IS NULL) = (op = 'delete'))
  );
  CREATE INDEX change_row_change ON change_row(change_id);
  CREATE INDEX change_row_key ON change_row(tbl, row_key);
  `,
  // 4: finding things again. `crm search` (a full-text index kept in step by triggers, SEARCH_SOURCES), and
  // `crm log list` (what an interaction carried, found from the interaction: its bids, answers, conflicts...).
  `
  CREATE INDEX bid_interaction ON bid(interaction_id);
  CREATE INDEX bid_answer_interaction ON bid(answer_interaction_id);
  CREATE INDEX conflict_event_interaction ON conflict_event(interaction_id);
  CREATE INDEX appreciation_interaction ON appreciation(interaction_id);
  CREATE INDEX follow_up_interaction ON follow_up(interaction_id);
  CREATE INDEX voice_interaction ON voice(interaction_id);
  ${searchIndexSql()}
  `,
];

export const LATEST_SCHEMA = MIGRATIONS.length;

/**
 * Migrations that rebuild tables run with foreign keys off (dropping a parent table would otherwise delete its
 * children's rows); `PRAGMA foreign_key_check` must find nothing before they commit.
 */
export const FOREIGN_KEYS_OFF: ReadonlySet<number> = new Set([3]);
