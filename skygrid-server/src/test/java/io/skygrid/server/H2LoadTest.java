package io.skygrid.server;

import java.nio.file.Path;

/** Bounded load on H2. */
class H2LoadTest extends LoadContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.h2(dir);
    }
}
