package io.skygrid.server;

import java.nio.file.Path;

/** The API contract on PostgreSQL (127.0.0.1:5432, a fresh schema per test, dropped afterwards). */
class PostgresApiTest extends ApiContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.postgres();
    }
}
