// Schema migrations of the state file, applied in order and counted by PRAGMA user_version.

/** Each entry moves the schema from version i to i + 1. Never edit a released entry; append. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cursors (
    stream     TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE links (
    kind        TEXT NOT NULL,
    external_id TEXT NOT NULL,
    odoo_id     INTEGER NOT NULL,
    hash        TEXT,
    extra       TEXT,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (kind, external_id)
  );
  CREATE INDEX links_odoo ON links (kind, odoo_id);

  CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    odoo_db          TEXT NOT NULL,
    po_id            INTEGER NOT NULL,
    po_name          TEXT NOT NULL,
    out_order_id     TEXT NOT NULL UNIQUE,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'submitting', 'submitted', 'failed')),
    payload          TEXT,
    alibaba_order_id TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    submitted_at     TEXT,
    UNIQUE (odoo_db, po_id)
  );

  CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    key            TEXT NOT NULL,
    payload        TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    max_attempts   INTEGER NOT NULL DEFAULT 5,
    next_run_at    TEXT NOT NULL,
    lease_owner    TEXT,
    lease_until    TEXT,
    last_error     TEXT,
    first_error_at TEXT,
    correlation_id TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (kind, key)
  );
  CREATE INDEX jobs_due ON jobs (next_run_at);

  CREATE TABLE dead_letters (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    key            TEXT NOT NULL,
    payload        TEXT,
    attempts       INTEGER NOT NULL,
    error_code     TEXT,
    error_message  TEXT NOT NULL,
    error_context  TEXT,
    correlation_id TEXT,
    first_failed_at TEXT NOT NULL,
    last_failed_at TEXT NOT NULL,
    discarded_at   TEXT,
    discard_reason TEXT
  );
  CREATE INDEX dead_letters_kind ON dead_letters (kind, last_failed_at);

  CREATE TABLE inbox (
    msg_id       TEXT PRIMARY KEY,
    type         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    processed_at TEXT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT
  );
  CREATE INDEX inbox_pending ON inbox (processed_at, received_at);

  CREATE TABLE tokens (
    provider           TEXT PRIMARY KEY,
    access_token       TEXT NOT NULL,
    refresh_token      TEXT,
    access_expires_at  TEXT NOT NULL,
    refresh_expires_at TEXT,
    member_id          TEXT,
    ali_id             TEXT,
    resource_owner     TEXT,
    encrypted          INTEGER NOT NULL DEFAULT 0,
    updated_at         TEXT NOT NULL
  );

  CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    run_id      TEXT NOT NULL,
    command     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT,
    exit_code   INTEGER,
    counts      TEXT,
    phases      TEXT,
    error       TEXT
  );
  CREATE INDEX runs_command ON runs (command, started_at);

  CREATE TABLE locks (
    name        TEXT PRIMARY KEY,
    holder_pid  INTEGER NOT NULL,
    holder_host TEXT NOT NULL,
    holder_run  TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL
  );
  `,
  // 2: queue depth and dead letters at the end of each run (alerts compare runs), running totals for
  // Prometheus counters (so rendering does not re-read every run), and alert state for dedupe.
  `
  ALTER TABLE runs ADD COLUMN gauges TEXT;
  CREATE INDEX runs_command_id ON runs (command, id);

  CREATE TABLE run_totals (
    command TEXT NOT NULL,
    source  TEXT NOT NULL CHECK (source IN ('counts', 'phases', 'outcomes')),
    name    TEXT NOT NULL,
    value   REAL NOT NULL,
    PRIMARY KEY (command, source, name)
  );

  CREATE TABLE alerts (
    rule           TEXT PRIMARY KEY,
    state          TEXT NOT NULL CHECK (state IN ('firing', 'resolved')),
    summary        TEXT NOT NULL,
    details        TEXT,
    run_id         TEXT,
    command        TEXT,
    first_fired_at TEXT NOT NULL,
    last_fired_at  TEXT NOT NULL,
    resolved_at    TEXT,
    last_sent_at   TEXT
  );
  `,
  // 3: a failed push message waits for its backoff across restarts.
  `
  ALTER TABLE inbox ADD COLUMN next_attempt_at TEXT;
  `,
  // 4: the supplier's stock per variant as last read, and the significant changes reported from it.
  `
  CREATE TABLE supplier_stock (
    offer_id    TEXT NOT NULL,
    spec_id     TEXT NOT NULL,
    sku_id      TEXT,
    product_id  INTEGER NOT NULL,
    supplier_id TEXT,
    stock       INTEGER NOT NULL,
    read_at     TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('detail', 'push')),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (offer_id, spec_id)
  );
  CREATE INDEX supplier_stock_sku ON supplier_stock (sku_id);

  CREATE TABLE stock_events (
    id            INTEGER PRIMARY KEY,
    offer_id      TEXT NOT NULL,
    spec_id       TEXT NOT NULL,
    product_id    INTEGER NOT NULL,
    supplier_id   TEXT,
    rule          TEXT NOT NULL CHECK (rule IN ('below_open_orders', 'below_minimum', 'drop')),
    previous      INTEGER,
    stock         INTEGER NOT NULL,
    threshold     REAL NOT NULL,
    summary       TEXT NOT NULL,
    read_at       TEXT NOT NULL,
    detected_at   TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('open', 'cleared', 'event')),
    cleared_at    TEXT,
    po_ids        TEXT NOT NULL DEFAULT '[]',
    chatter       TEXT NOT NULL CHECK (chatter IN ('none', 'pending', 'posting', 'posted')),
    alert         TEXT NOT NULL CHECK (alert IN ('none', 'pending', 'sent')),
    run_id        TEXT
  );
  CREATE UNIQUE INDEX stock_events_open ON stock_events (offer_id, spec_id, rule) WHERE state = 'open';
  CREATE INDEX stock_events_detected ON stock_events (detected_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
