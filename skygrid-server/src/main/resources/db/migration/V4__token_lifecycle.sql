-- Token lifecycle (issue 11 part 4): when a token stops working (expiry, NULL = never), when it was revoked,
-- and where it came from: 'config' (operator.token / SKYGRID_OPERATOR_TOKEN), 'generated' (first start,
-- written to the data folder's operator.token), 'rotated' (skygrid serve token rotate / the admin endpoint),
-- 'api' (issued through the API), 'legacy' (an operator token stored before this migration: its source is unknown).
-- *_wall_ms: Unix epoch ms (wall clock).
ALTER TABLE api_tokens ADD COLUMN expires_wall_ms BIGINT;
ALTER TABLE api_tokens ADD COLUMN revoked_wall_ms BIGINT;
ALTER TABLE api_tokens ADD COLUMN source VARCHAR(16) DEFAULT 'api' NOT NULL;
UPDATE api_tokens SET source = 'legacy' WHERE role = 'operator';
