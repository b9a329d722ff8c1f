package io.skygrid.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Stalls and per-write errors on H2: a row lock held by a second connection. */
class H2StallTest extends StallContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.h2(dir);
    }

    @Override
    void blockJobs(Connection c, long rowId) throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM jobs WHERE id = ? FOR UPDATE")) {
            p.setLong(1, rowId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) throw new AssertionError("no job " + rowId);
            }
        }
    }

    @Override
    boolean blocksInserts() {
        return false;
    }
}
