package io.skygrid.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.skygrid.scenario.Scenario;
import io.skygrid.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A data folder belongs to one fleet (issue 11 part 5), against every database: another scenario is refused with
 * the differences and changes nothing; {@code --migrate-scenario} lists and carries what it can, refuses (changing
 * nothing) when a job would be stranded, and with {@code --fail-stranded-jobs} fails those; a store without a
 * record adopts the scenario it is started with.
 */
abstract class ScenarioBindingContract {
    static final String OP = ApiContract.OP;
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;
    TestDb db;
    SimClock.Manual clock = new SimClock.Manual(0);
    SkygridServer server;
    Http http;

    abstract TestDb database(Path dir);

    static final String SITE = "{name: site-a, location: {lat: 35.06, lon: -90.03}, accelerator: H100-SXM, gpus: %d, gpusPerNode: 8,"
            + " powerCapW: 1e6, pue: 1.2, electricityUsdPerKWh: 0.06}";

    /** A ground-only fleet; {@code tenants} the YAML of a tenants section, or empty. */
    static Scenario ground(String name, int gpus, String tenants) {
        return ScenarioLoader.parse("name: " + name + "\nepoch: 2026-06-01T00:00:00Z\nhorizon: 1d\nseed: 7\nground:\n  - " + String.format(SITE, gpus)
                + "\ngroundStations: {builtIn: true}\nworkload:\n  generator: {offeredLoad: 1.0, tenants: [lab-a, lab-b]}\n" + tenants, name + ".yaml", null);
    }

    @BeforeEach
    void open() {
        db = database(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.controlPlane().checkInvariants();
            server.close();
        }
        if (db != null) db.close();
    }

    SkygridServer start(Scenario sc, ScenarioBinding.Mode mode) throws Exception {
        if (server != null) server.close();
        server = null;
        server = SkygridServer.start(db.config(dir, OP, Map.of()), sc, clock, db.schema, mode);
        http = new Http(server.port());
        return server;
    }

    void close() {
        server.close();
        server = null;
    }

    String tenant(String name) {
        Http.Res r = http.post("/api/v1/admin/tenants", OP, "{\"name\":\"" + name + "\",\"quotaGpus\":1000}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    long submit(String token, int gpus, String extra) {
        Http.Res r = http.post("/api/v1/jobs", token, "{\"gpus\":" + gpus + ",\"durationS\":3600" + extra + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asLong();
    }

    /** @return state of every job in the database, by id (what a refused start must leave alone) */
    Map<Long, String> jobStates() throws Exception {
        Map<Long, String> m = new TreeMap<>();
        try (Connection c = java.sql.DriverManager.getConnection(db.url.isEmpty() ? server.config().effectiveDbUrl() : db.processUrl(), db.user, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, state FROM jobs ORDER BY id")) {
            while (rs.next()) m.put(rs.getLong(1), rs.getString(2));
        }
        return m;
    }

    Map<Long, String> jobStatesStopped() throws Exception {
        // a stopped H2 data folder: open the file directly
        String url = db.url.isEmpty() ? db.config(dir, OP, Map.of()).effectiveDbUrl() : db.processUrl();
        Map<Long, String> m = new TreeMap<>();
        try (Connection c = java.sql.DriverManager.getConnection(url, db.user, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, state FROM jobs ORDER BY id")) {
            while (rs.next()) m.put(rs.getLong(1), rs.getString(2));
        }
        return m;
    }

    @Test
    void aNewDataFolderRecordsItsScenarioAndTheSameScenarioStartsAgain() throws Exception {
        start(ApiContract.scenario(), ScenarioBinding.Mode.REFUSE);
        assertThat(server.notices()).anyMatch(n -> n.startsWith("data folder: created for scenario server-test (fingerprint "));
        start(ApiContract.scenario(), ScenarioBinding.Mode.REFUSE);
        assertThat(server.notices()).noneMatch(n -> n.startsWith("data folder"));
        // a renamed scenario with the same fleet and tenants is the same fleet
        Scenario renamed = ScenarioLoader.parse(new String(ApiContract.class.getResourceAsStream("test-scenario.yaml").readAllBytes())
                .replace("name: server-test", "name: server-test-renamed"), "renamed.yaml", null);
        start(renamed, ScenarioBinding.Mode.REFUSE);
        assertThat(server.notices()).anyMatch(n -> n.startsWith("data folder: scenario renamed from server-test to server-test-renamed"));
    }

    @Test
    void anotherFleetIsRefusedWithEveryDifferenceAndNothingChanges() throws Exception {
        start(ApiContract.scenario(), ScenarioBinding.Mode.REFUSE);
        String a = tenant("lab-a");
        long running = submit(a, 8, ",\"target\":\"site-a\"");
        long toShell = submit(a, 4, ",\"target\":\"shell\"");
        long big = submit(a, 64, "");
        Map<Long, String> before = jobStates();
        assertThat(before.get(running)).isEqualTo("RUNNING");
        close();

        assertThatThrownBy(() -> start(ground("ground-only", 32, ""), ScenarioBinding.Mode.REFUSE))
                .isInstanceOf(ScenarioBinding.MismatchException.class)
                .hasMessageStartingWith("the data folder " + dir)
                .hasMessageContaining("belongs to scenario server-test (fingerprint ")
                .hasMessageContaining("not to scenario ground-only (fingerprint ")
                .hasMessageContaining("\n  pool site-a: 64 GPUs in the data folder, 32 in the scenario")
                .hasMessageContaining("\n  pool site-a: 8 nodes of 8 GPUs in the data folder, 4 of 8 in the scenario")
                .hasMessageContaining("\n  pool shell: in the data folder (orbit, 24 H100-SXM GPUs), not in the scenario")
                .hasMessageContaining("Nothing was changed.")
                .hasMessageContaining("--data-dir DIR").hasMessageContaining("--migrate-scenario").hasMessageContaining("--fail-stranded-jobs");
        assertThat(jobStatesStopped()).as("a refused start changes no job").isEqualTo(before);

        // --migrate-scenario without --fail-stranded-jobs: lists the stranded jobs and still changes nothing
        assertThatThrownBy(() -> start(ground("ground-only", 32, ""), ScenarioBinding.Mode.MIGRATE))
                .isInstanceOf(ScenarioBinding.MismatchException.class)
                .hasMessageContaining("2 queued or running jobs could never run on the new fleet:")
                .hasMessageContaining("\n  job " + toShell + " (tenant lab-a, RUNNING on shell, 4 GPUs, target shell): target pool shell is not in scenario ground-only")
                .hasMessageContaining("\n  job " + big + " (tenant lab-a, QUEUED, 64 GPUs): no pool of scenario ground-only can run 64 GPUs at once")
                .hasMessageContaining("add --fail-stranded-jobs");
        assertThat(jobStatesStopped()).isEqualTo(before);

        // the data folder still belongs to the first scenario, unchanged
        start(ApiContract.scenario(), ScenarioBinding.Mode.REFUSE);
        JsonNode j = http.get("/api/v1/jobs/" + toShell, a).json();
        assertThat(j.path("state").asText()).isIn("QUEUED", "RUNNING");
        assertThat(http.get("/api/v1/jobs/" + running, a).json().path("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void migrateScenarioFailStrandedJobsListsAndCarriesEveryChange() throws Exception {
        start(ApiContract.scenario(), ScenarioBinding.Mode.REFUSE);
        String a = tenant("lab-a");
        long toShell = submit(a, 4, ",\"target\":\"shell\"");
        long big = submit(a, 64, "");
        long small = submit(a, 8, "");
        assertThat(http.post("/api/v1/admin/reservations", OP, "{\"tenant\":\"lab-a\",\"pool\":\"shell\",\"gpus\":4}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/admin/pools/shell/nodes/2/down", OP, null).status()).isEqualTo(200);
        close();

        start(ground("ground-only", 32, ""), ScenarioBinding.Mode.MIGRATE_FAIL_STRANDED);
        assertThat(server.notices()).anyMatch(n -> n.startsWith("--migrate-scenario: the data folder moves from scenario server-test (fingerprint "))
                .anyMatch(n -> n.equals("  differs: pool site-a: 64 GPUs in the data folder, 32 in the scenario"))
                .anyMatch(n -> n.startsWith("  failed job " + toShell + " (tenant lab-a, ") && n.endsWith("target pool shell is not in scenario ground-only (pools: site-a)"))
                .anyMatch(n -> n.startsWith("  failed job " + big + " (tenant lab-a, RUNNING on site-a, 64 GPUs): no pool of scenario ground-only can run 64 GPUs"))
                .anyMatch(n -> n.equals("  job " + small + " (tenant lab-a, RUNNING on shell, 8 GPUs): back to the queue, its pool is not in the scenario;"
                        + " resumes from its checkpoint at 0.00 h"))
                .anyMatch(n -> n.matches("  reservation \\d+ \\(tenant lab-a, 4 GPUs in shell\\): removed; pool shell is not in the scenario"))
                .anyMatch(n -> n.startsWith("  node 2 of shell (out of service): mark removed; pool shell is not in the scenario"));
        JsonNode shell = http.get("/api/v1/jobs/" + toShell, a).json();
        assertThat(shell.path("state").asText()).isEqualTo("FAILED");
        assertThat(shell.path("reason").asText()).isEqualTo("failed when the data folder moved from scenario server-test to ground-only: "
                + "target pool shell is not in scenario ground-only (pools: site-a)");
        assertThat(http.get("/api/v1/jobs/" + big, a).json().path("state").asText()).isEqualTo("FAILED");
        JsonNode s = http.get("/api/v1/jobs/" + small, a).json();
        assertThat(s.path("state").asText()).isEqualTo("RUNNING");
        assertThat(http.get("/api/v1/admin/reservations", OP).json().path("items")).isEmpty();
        // the data folder now belongs to the new fleet: it starts without asking again, the old one is refused
        start(ground("ground-only", 32, ""), ScenarioBinding.Mode.REFUSE);
        assertThat(server.notices()).isEmpty();
        close();
        assertThatThrownBy(() -> start(ApiContract.scenario(), ScenarioBinding.Mode.REFUSE)).isInstanceOf(ScenarioBinding.MismatchException.class)
                .hasMessageContaining("belongs to scenario ground-only");
    }

    @Test
    void migratingTenantsCarriesWeightsAndReservationsAndSaysSo() throws Exception {
        String before = "tenants:\n  - {name: lab-a, reserved: {site-a: 16}, weight: 1}\n  - {name: lab-b, weight: 1}\n";
        String after = "tenants:\n  - {name: lab-a, reserved: {site-a: 8}, weight: 2, priority: 5}\n  - {name: lab-c, reserved: {site-a: 8}, weight: 1}\n"
                + "  - {name: lab-d, reserved: {site-a: 4}}\ntenantOf: {lab-b: lab-c}\n";
        start(ground("tenants-1", 64, before), ScenarioBinding.Mode.REFUSE);
        tenant("lab-d"); // created over the API, then named by the new scenario
        close();
        assertThatThrownBy(() -> start(ground("tenants-2", 64, after), ScenarioBinding.Mode.REFUSE))
                .isInstanceOf(ScenarioBinding.MismatchException.class)
                .hasMessageContaining("\n  tenant lab-a: weight 1 in the data folder, 2 in the scenario")
                .hasMessageContaining("\n  tenant lab-a: priority 0 in the data folder, 5 in the scenario")
                .hasMessageContaining("\n  tenant lab-a: 16 GPUs reserved in site-a in the data folder, 8 in the scenario")
                .hasMessageContaining("\n  tenant lab-b: in the data folder's scenario, not in the scenario")
                .hasMessageContaining("\n  tenant lab-c: not in the data folder's scenario, in the scenario")
                .message().doesNotContain("pool site-a");
        start(ground("tenants-2", 64, after), ScenarioBinding.Mode.MIGRATE);
        assertThat(server.notices())
                .contains("  tenant lab-a: weight 1 -> 2, priority 0 -> 5, reservation in site-a 16 -> 8 GPUs")
                .anyMatch(n -> n.startsWith("  tenant lab-c: created (weight 1, priority 0, borrowing limit no limit, reservations {site-a=8})"))
                .contains("  tenant lab-d: reservation in site-a 0 -> 4 GPUs")
                .anyMatch(n -> n.startsWith("  tenant lab-b: not in the scenario; kept with its jobs, tokens and reservations"));
        Map<String, Long> reserved = new TreeMap<>();
        http.get("/api/v1/admin/reservations", OP).json().path("items").forEach(r -> reserved.merge(r.path("tenant").asText(), r.path("gpus").asLong(), Long::sum));
        assertThat(reserved).isEqualTo(Map.of("lab-a", 8L, "lab-c", 8L, "lab-d", 4L));
        JsonNode la = http.get("/api/v1/admin/tenants/lab-a", OP).json();
        assertThat(la.path("weight").asDouble()).isEqualTo(2.0);
        assertThat(la.path("reservedGpus").asLong()).isEqualTo(8);
        assertThat(http.get("/api/v1/admin/tenants/lab-b", OP).status()).isEqualTo(200);
    }

    @Test
    void aMigrationWhoseReservationsNoLongerFitIsRefusedAndChangesNothing() throws Exception {
        String before = "tenants:\n  - {name: lab-a, reserved: {site-a: 16}}\n  - {name: lab-b}\n";
        String after = "tenants:\n  - {name: lab-a, reserved: {site-a: 56}}\n  - {name: lab-b}\n";
        start(ground("fit-1", 64, before), ScenarioBinding.Mode.REFUSE);
        // an operator's reservation for lab-b, kept by any migration
        assertThat(http.post("/api/v1/admin/reservations", OP, "{\"tenant\":\"lab-b\",\"pool\":\"site-a\",\"gpus\":16}").status()).isEqualTo(201);
        close();
        assertThatThrownBy(() -> start(ground("fit-2", 64, after), ScenarioBinding.Mode.MIGRATE_FAIL_STRANDED))
                .isInstanceOf(ScenarioBinding.MismatchException.class)
                .hasMessageContaining("\n  cannot carry pool site-a: 72 GPUs would be reserved but it can run ")
                .hasMessageContaining("Nothing was changed.");
        start(ground("fit-1", 64, before), ScenarioBinding.Mode.REFUSE);
        assertThat(server.notices()).isEmpty();
        assertThat(http.get("/api/v1/admin/reservations", OP).json().path("items")).hasSize(2);
    }

    @Test
    void aDataFolderFromBeforeFingerprintsAdoptsTheScenarioItIsStartedWith() throws Exception {
        start(ApiContract.scenario(), ScenarioBinding.Mode.REFUSE);
        String a = tenant("lab-a");
        long small = submit(a, 8, "");
        try (Connection c = server.controlPlane().store().dataSource().getConnection(); PreparedStatement p = c.prepareStatement("DELETE FROM scenario_binding")) {
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
        close();
        start(ground("ground-only", 32, ""), ScenarioBinding.Mode.REFUSE);
        assertThat(server.notices()).anyMatch(n -> n.startsWith("data folder: it recorded no scenario (created before scenario fingerprints);"
                + " it now belongs to scenario ground-only (fingerprint "));
        assertThat(http.get("/api/v1/jobs/" + small, a).json().path("state").asText()).isEqualTo("RUNNING");
        close();
        assertThatThrownBy(() -> start(ApiContract.scenario(), ScenarioBinding.Mode.REFUSE)).isInstanceOf(ScenarioBinding.MismatchException.class)
                .hasMessageContaining("belongs to scenario ground-only");
    }

    @Test
    void aDataFolderFromBeforeFingerprintsIsNotAdoptedByAFleetOnWhichItsJobsCouldNeverRun() throws Exception {
        start(ApiContract.scenario(), ScenarioBinding.Mode.REFUSE);
        String a = tenant("lab-a");
        long toShell = submit(a, 4, ",\"target\":\"shell\"");
        try (Connection c = server.controlPlane().store().dataSource().getConnection(); PreparedStatement p = c.prepareStatement("DELETE FROM scenario_binding")) {
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
        close();
        Map<Long, String> before = jobStatesStopped();
        assertThatThrownBy(() -> start(ground("ground-only", 32, ""), ScenarioBinding.Mode.MIGRATE))
                .isInstanceOf(ScenarioBinding.MismatchException.class)
                .hasMessageContaining("recorded no scenario (it was created before scenario fingerprints), and 1 queued or running jobs could never run on scenario ground-only:")
                .hasMessageContaining("\n  job " + toShell + " (tenant lab-a, RUNNING on shell, 4 GPUs, target shell): target pool shell is not in scenario ground-only")
                .hasMessageContaining("--migrate-scenario --fail-stranded-jobs");
        assertThat(jobStatesStopped()).isEqualTo(before);
        start(ground("ground-only", 32, ""), ScenarioBinding.Mode.MIGRATE_FAIL_STRANDED);
        assertThat(server.notices()).anyMatch(n -> n.startsWith("  failed job " + toShell + " (tenant lab-a, RUNNING on shell"));
        assertThat(http.get("/api/v1/jobs/" + toShell, a).json().path("reason").asText())
                .isEqualTo("failed when the data folder (which recorded no scenario) was first started with scenario ground-only: "
                        + "target pool shell is not in scenario ground-only (pools: site-a)");
    }

    @Test
    void aPowerCapThatLeavesFewerUsableGpusIsAnotherFleet() throws Exception {
        start(ground("cap", 64, ""), ScenarioBinding.Mode.REFUSE);
        close();
        Scenario capped = ScenarioLoader.parse("name: cap\nepoch: 2026-06-01T00:00:00Z\nhorizon: 1d\nseed: 7\nground:\n  - "
                + String.format(SITE, 64).replace("powerCapW: 1e6", "powerCapW: 8e4")
                + "\ngroundStations: {builtIn: true}\nworkload:\n  generator: {offeredLoad: 1.0, tenants: [lab-a, lab-b]}\n", "cap.yaml", null);
        assertThatThrownBy(() -> start(capped, ScenarioBinding.Mode.REFUSE)).isInstanceOf(ScenarioBinding.MismatchException.class)
                .hasMessageContaining("\n  pool site-a: 64 GPUs usable within its power cap in the data folder, 42 in the scenario");
    }
}
