package io.skygrid.server;

import java.nio.file.Path;

/** kill -9 mid-load on PostgreSQL. */
class PostgresCrashTest extends CrashContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.postgres();
    }
}
