// Numbered schema migrations. Each runs in one transaction and sets PRAGMA user_version to its number.
// Never edit a released migration: add a new one. Test books for every released version live in test/fixtures.

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
];

export const LATEST_SCHEMA = MIGRATIONS.length;
