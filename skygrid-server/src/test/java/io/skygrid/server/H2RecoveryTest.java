package io.skygrid.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The H2 store-header repair leaves clean files alone and never changes what a file holds. */
class H2RecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aCleanFileIsRecognisedAndItsDataSurvivesTheRepairOfAnUncleanOne() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath().toString().replace('\\', '/') + ";WRITE_DELAY=0";
        Path file = dir.resolve("db.mv.db");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
            for (int i = 1; i <= 500; i++) s.execute("INSERT INTO t VALUES (" + i + ")");
            assertThat(H2Recovery.closedCleanly(file)).as("open and written: no clean mark").isFalse();
            // a copy while the database is open is what a kill -9 leaves: no clean-shutdown mark
            Files.copy(file, dir.resolve("crashed.mv.db"));
        }
        assertThat(H2Recovery.closedCleanly(file)).as("after a clean close").isTrue();
        long before = Files.getLastModifiedTime(file).toMillis();
        H2Recovery.repair(url);
        assertThat(Files.getLastModifiedTime(file).toMillis()).as("a clean file is not touched").isEqualTo(before);

        String crashed = "jdbc:h2:file:" + dir.resolve("crashed").toAbsolutePath().toString().replace('\\', '/');
        assertThat(H2Recovery.closedCleanly(dir.resolve("crashed.mv.db"))).isFalse();
        H2Recovery.repair(crashed);
        assertThat(H2Recovery.closedCleanly(dir.resolve("crashed.mv.db"))).as("repaired and closed cleanly").isTrue();
        try (Connection c = DriverManager.getConnection(crashed, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(id) FROM t")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(500);
            assertThat(rs.getLong(2)).isEqualTo(500);
        }
    }
}
