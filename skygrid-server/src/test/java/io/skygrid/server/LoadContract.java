package io.skygrid.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small, bounded run of the load generator (the tool behind {@code skygrid serve-load}) against an
 * in-process server on loopback: many tenants submit and cancel concurrently; every acknowledged
 * job must be in the database exactly once, every acknowledged cancellation must hold, and the
 * scheduler's invariants must hold afterwards. Timing figures are printed, not asserted.
 */
abstract class LoadContract {
    static final String OP = "sg_load-test-operator-token-0123456789abcdefghijklm";
    @TempDir
    Path dir;
    TestDb db;
    SkygridServer server;

    abstract TestDb database(Path dir);

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
        if (db != null) db.close();
    }

    @Test
    void concurrentTenantsSubmitAndCancelWithoutLoss() throws Exception {
        db = database(dir);
        server = SkygridServer.start(db.config(dir, OP, Map.of("tick.ms", "20", "speedup", "3600", "rate.per.s", "100000",
                "rate.burst", "100000")), ApiContract.scenario(), null, db.schema);
        LoadGenerator.Report r = new LoadGenerator(new LoadGenerator.Params("http://127.0.0.1:" + server.port(), OP, 6, 12, 1200, 0.1, 60, 3)).run();
        System.out.print("load test (" + db.kind + ", 88-GPU test fleet, 6 tenants, 12 clients):\n" + r.text());
        assertThat(r.failed()).isZero();
        assertThat(r.rejected()).isZero();
        assertThat(r.acknowledged()).isEqualTo(1200);
        assertThat(r.cancelled()).isGreaterThan(0);
        Map<Long, String> stored = new HashMap<>();
        try (Connection c = server.controlPlane().store().dataSource().getConnection();
             PreparedStatement p = c.prepareStatement("SELECT id, idempotency_key, state FROM jobs");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) assertThat(stored.put(rs.getLong(1), rs.getString(2))).isNull();
        }
        for (int i = 0; i < r.acknowledgedIds().size(); i++) {
            assertThat(stored.get(r.acknowledgedIds().get(i))).isEqualTo(r.acknowledgedKeys().get(i));
        }
        assertThat(stored).hasSize(1200);
        assertThat(r.serverMetrics().path("jobsByState").path("CANCELLED").asInt()).isEqualTo(r.cancelled());
        server.controlPlane().checkInvariants();
    }
}
