-- A data folder belongs to one fleet (issue 11 part 5): the scenario the store was created with (or first
-- started with, for stores older than this migration). One row, id 1. description is the canonical JSON of the
-- fleet's pools and the scenario's tenants (io.skygrid.server.ScenarioBinding); fingerprint its SHA-256 (hex).
CREATE TABLE scenario_binding (
    id               INTEGER        PRIMARY KEY,
    name             VARCHAR(256)   NOT NULL,
    fingerprint      CHAR(64)       NOT NULL,
    description      VARCHAR(1000000) NOT NULL,
    source           VARCHAR(1024),
    recorded_wall_ms BIGINT         NOT NULL
);
