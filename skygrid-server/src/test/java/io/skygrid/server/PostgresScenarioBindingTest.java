package io.skygrid.server;

import java.nio.file.Path;

/** A data folder belongs to one fleet, on PostgreSQL (a fresh schema per test). */
class PostgresScenarioBindingTest extends ScenarioBindingContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.postgres();
    }
}
