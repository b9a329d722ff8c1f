package io.skygrid.server;

import java.nio.file.Path;

/** The API contract on the default H2 file database. */
class H2ApiTest extends ApiContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.h2(dir);
    }
}
