package io.skygrid.server;

import java.nio.file.Path;

/** A data folder belongs to one fleet, on the default H2 file database. */
class H2ScenarioBindingTest extends ScenarioBindingContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.h2(dir);
    }
}
