package io.skygrid.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/** kill -9 mid-load, many times, on PostgreSQL. */
class PostgresCrashTest extends CrashContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.postgres();
    }

    @Override
    String cyclesKey() {
        return "pg";
    }

    @Override
    int defaultCycles() {
        return 2;
    }

    @Override
    Connection directConnection() throws Exception {
        return DriverManager.getConnection(db.processUrl(), db.user, "");
    }
}
