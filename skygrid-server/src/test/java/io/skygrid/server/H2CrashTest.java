package io.skygrid.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/** kill -9 mid-load, many times, on the same default H2 file database. */
class H2CrashTest extends CrashContract {
    @Override
    TestDb database(Path dir) {
        return TestDb.h2(dir);
    }

    @Override
    String cyclesKey() {
        return "h2";
    }

    @Override
    Connection directConnection() throws Exception {
        // as the server opens it: first the repair of the store header (H2Recovery; a plain H2 open of a file
        // killed mid-write drops the newest chunks), then read-only, so the check itself changes nothing else
        String url = "jdbc:h2:file:" + dataDir().toAbsolutePath().resolve("skygrid").toString().replace('\\', '/');
        H2Recovery.repair(url);
        return DriverManager.getConnection(url + ";ACCESS_MODE_DATA=r", "sa", "");
    }
}
