package io.skygrid.server;

import java.nio.file.Path;

/** kill -9 mid-load on the default H2 file database. */
class H2CrashTest extends CrashContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.h2(dir);
    }
}
