package io.skygrid.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/** Stalls and per-write errors on PostgreSQL: LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE from a second connection. */
class PostgresStallTest extends StallContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.postgres();
    }

    @Override
    void blockJobs(Connection c, long rowId) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE");
        }
    }

    @Override
    boolean blocksInserts() {
        return true;
    }
}
