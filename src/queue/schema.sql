-- The queue's own bookkeeping, beside pg-boss's schema (pgboss) and the store's tables
-- (which are the same as SQLite's): which worker did what, and each worker's health.
-- PostgreSQL only, so it is not one of the store's twin migrations. Applied idempotently by
-- every enqueue and worker (src/queue/schema.ts).
CREATE SCHEMA IF NOT EXISTS yusuan_queue;

-- One row per worker process: its heartbeat, what it is reading now, what it has done.
CREATE TABLE IF NOT EXISTS yusuan_queue.workers (
  id           text PRIMARY KEY,
  host         text NOT NULL,
  pid          integer NOT NULL,
  jobs         integer NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  heartbeat_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  stopped_at   timestamptz,
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'stopping', 'stopped')),
  docs_done    integer NOT NULL DEFAULT 0,
  current      text[] NOT NULL DEFAULT '{}',
  max_rss_mb   integer
);

-- Who gave each input of a run its outcome (written in the outcome's own transaction):
-- a worker, or `enqueue` for inputs settled before any job (unreadable, duplicate, stored).
CREATE TABLE IF NOT EXISTS yusuan_queue.outcomes (
  run_id      integer NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path        text NOT NULL,
  worker_id   text NOT NULL,
  attempt     integer NOT NULL DEFAULT 0,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (run_id, path)
);
CREATE INDEX IF NOT EXISTS outcomes_finished ON yusuan_queue.outcomes (run_id, finished_at);
