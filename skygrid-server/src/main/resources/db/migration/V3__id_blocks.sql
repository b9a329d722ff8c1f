-- Ids that survive crashes: the next id of each table not yet handed out. The server reserves a block of ids
-- (UPDATE next_id = next_id + block, committed and synced) before it hands out any id of the block, so an id
-- is never handed out twice, even if the process dies before the row that took it is committed. Replaces
-- MAX(id) + 1 at start-up, which gave the ids of acknowledged-but-lost rows to other tenants' jobs.
CREATE TABLE id_blocks (
    name    VARCHAR(32) PRIMARY KEY,
    next_id BIGINT      NOT NULL
);
INSERT INTO id_blocks (name, next_id) SELECT 'jobs', COALESCE(MAX(id), 0) + 1 FROM jobs;
INSERT INTO id_blocks (name, next_id) SELECT 'tenants', COALESCE(MAX(id), 0) + 1 FROM tenants;
INSERT INTO id_blocks (name, next_id) SELECT 'reservations', COALESCE(MAX(id), 0) + 1 FROM reservations;
