package io.skygrid.server;

import java.nio.file.Path;

/** Operator credentials on the default H2 file database. */
class H2CredentialsTest extends CredentialsContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.h2(dir);
    }
}
