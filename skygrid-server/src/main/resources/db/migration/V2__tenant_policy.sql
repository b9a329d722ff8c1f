-- Tenants as io.skygrid.sched.TenantSpec has them: priority class (the priority queue) and borrowing limit
-- (GPUs held beyond reservations, summed over pools; NULL = no limit). weight exists since V1.
ALTER TABLE tenants ADD COLUMN priority INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE tenants ADD COLUMN borrow_limit_gpus BIGINT;
