-- Skygrid live control plane: durable state. Portable SQL (H2 2.x and PostgreSQL 12+).
-- Times: *_ms columns are milliseconds since the scenario epoch (simulated time) unless named *_wall_ms
-- (Unix epoch ms, wall clock).

CREATE TABLE tenants (
    id            BIGINT       PRIMARY KEY,
    name          VARCHAR(64)  NOT NULL UNIQUE,
    quota_gpus    BIGINT       NOT NULL,
    rate_per_s    DOUBLE PRECISION NOT NULL,
    burst         INTEGER      NOT NULL,
    weight        DOUBLE PRECISION NOT NULL,
    created_wall_ms BIGINT     NOT NULL
);

-- API tokens: only the SHA-256 of the token is stored (hex); role 'tenant' or 'operator'.
CREATE TABLE api_tokens (
    token_hash    CHAR(64)     PRIMARY KEY,
    tenant_id     BIGINT       REFERENCES tenants(id),
    role          VARCHAR(16)  NOT NULL,
    created_wall_ms BIGINT     NOT NULL,
    revoked       BOOLEAN      NOT NULL DEFAULT FALSE
);

CREATE TABLE jobs (
    id               BIGINT       PRIMARY KEY,
    tenant_id        BIGINT       NOT NULL REFERENCES tenants(id),
    name             VARCHAR(128),
    idempotency_key  VARCHAR(128),
    job_class        VARCHAR(16)  NOT NULL,
    gpus             INTEGER      NOT NULL,
    duration_ms      BIGINT       NOT NULL,
    priority         INTEGER      NOT NULL,
    checkpoint_bytes BIGINT       NOT NULL,
    checkpoint_interval_ms BIGINT NOT NULL,
    input_bytes      BIGINT       NOT NULL,
    output_bytes     BIGINT       NOT NULL,
    target           VARCHAR(64),
    state            VARCHAR(16)  NOT NULL,
    submit_ms        BIGINT       NOT NULL,
    submit_wall_ms   BIGINT       NOT NULL,
    start_ms         BIGINT,
    end_ms           BIGINT,
    checkpoint_done_ms BIGINT     NOT NULL DEFAULT 0,
    restarts         INTEGER      NOT NULL DEFAULT 0,
    pool             VARCHAR(64),
    nodes            VARCHAR(4000),
    reason           VARCHAR(512)
);
-- Also serves look-ups by tenant (its leading column). No index on state: the service reads every job
-- once at start and keeps them in memory, so a state index would only slow every write down.
CREATE UNIQUE INDEX jobs_tenant_idem ON jobs(tenant_id, idempotency_key);

-- Capacity set aside for one tenant in one pool (a ground site or an orbital constellation).
CREATE TABLE reservations (
    id        BIGINT      PRIMARY KEY,
    tenant_id BIGINT      NOT NULL REFERENCES tenants(id),
    pool      VARCHAR(64) NOT NULL,
    gpus      BIGINT      NOT NULL,
    created_wall_ms BIGINT NOT NULL
);

-- Nodes (ground) or satellites (orbit) an operator took out of service.
CREATE TABLE nodes_down (
    pool   VARCHAR(64) NOT NULL,
    node   INTEGER     NOT NULL,
    reason VARCHAR(256),
    PRIMARY KEY (pool, node)
);

-- Key/value settings of the running control plane (clock anchor, scenario fingerprint).
CREATE TABLE settings (
    k VARCHAR(64)   PRIMARY KEY,
    v VARCHAR(1024) NOT NULL
);
