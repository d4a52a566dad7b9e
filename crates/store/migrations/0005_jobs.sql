-- The durable job queue: work that must happen at a time (a scheduled article going
-- live), survive restarts and run once even with several nodes. A worker claims a due job
-- by setting locked_until in a conditional UPDATE; a crashed worker's claim lapses and
-- another node takes the job. (kind, job_key) names the job's subject, so rescheduling
-- replaces the pending job instead of adding a second one.
CREATE TABLE jobs (
    id           {id},
    kind         TEXT NOT NULL,
    job_key      TEXT NOT NULL,
    run_at       BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    locked_by    TEXT,
    done_at      BIGINT,
    last_error   TEXT
);
CREATE INDEX jobs_due ON jobs(done_at, run_at);
CREATE INDEX jobs_subject ON jobs(kind, job_key);
