package io.skygrid.server;

import java.nio.file.Path;

/** Operator credentials on PostgreSQL (127.0.0.1:5432, a fresh schema per test, dropped afterwards). */
class PostgresCredentialsTest extends CredentialsContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.postgres();
    }
}
