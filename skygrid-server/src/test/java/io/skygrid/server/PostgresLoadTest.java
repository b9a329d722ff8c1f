package io.skygrid.server;

import java.nio.file.Path;

/** Bounded load on PostgreSQL. */
class PostgresLoadTest extends LoadContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.postgres();
    }
}
