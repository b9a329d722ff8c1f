package io.skygrid.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.skygrid.sched.TenantSpec;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A data folder (its database) belongs to one fleet: the scenario it was created with is recorded (table
 * {@code scenario_binding}, migration V5) as its name and a fingerprint, the SHA-256 of a canonical JSON
 * description of the fleet's pools (name, kind, accelerator, nodes, GPUs per node, GPUs, in scenario order) and the
 * scenario's tenants (name, weight, priority class, borrowing limit, reservations per pool; by name).
 *
 * <p>At start ({@link #plan}): a store with no record adopts the scenario (a new one, or one created before V5;
 * the latter is refused, changing nothing, if a queued or running job could never run on this fleet, unless
 * {@link Mode#MIGRATE_FAIL_STRANDED});
 * the same fingerprint starts as before (a new scenario name alone is recorded); another fingerprint is refused
 * with the list of differences, unless the start asks to migrate ({@link Mode}). A migration lists every job and
 * tenant it changes and commits the job, reservation and node changes and the new record in one transaction;
 * it refuses, changing nothing, when a queued or running job could never run on the new fleet (unless
 * {@link Mode#MIGRATE_FAIL_STRANDED}, which fails those jobs and says why) or when a tenant's reservations
 * would not fit the new fleet or the tenant's quota. Tenants that the new scenario adds, and the weight,
 * priority and borrowing limit of existing ones, are then applied by {@link ControlPlane#applyScenarioTenants}.
 * Tenants the new scenario no longer has are kept with their jobs, tokens and reservations.
 */
public final class ScenarioBinding {
    /** What a start does when the data folder belongs to another scenario. */
    public enum Mode {
        /** Refuse to start (the default). */
        REFUSE,
        /** {@code --migrate-scenario}: carry what can be carried; refuse, changing nothing, if a job could not run. */
        MIGRATE,
        /** {@code --migrate-scenario --fail-stranded-jobs}: as MIGRATE, but fail the jobs that could never run. */
        MIGRATE_FAIL_STRANDED
    }

    /**
     * A pool as recorded: kind {@code ground} or {@code orbit}; GPU counts as the twin has them ({@code usableGpus}:
     * GPUs a ground site can power within its cap; all of them in orbit).
     */
    record PoolDesc(String name, String kind, String accelerator, int nodes, int gpusPerNode, long gpus, long usableGpus) {
    }

    /** A scenario tenant as recorded: borrowing limit null for none; reservations GPUs by pool, pools by name. */
    record TenantDesc(String name, double weight, int priority, Long borrowLimitGpus, TreeMap<String, Long> reservedGpus) {
    }

    /** The canonical description whose SHA-256 is the fingerprint. */
    record Description(List<PoolDesc> pools, List<TenantDesc> tenants) {
    }

    /** Start refused: the message lists what differs and the ways on. */
    public static final class MismatchException extends IllegalArgumentException {
        MismatchException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private ScenarioBinding() {
    }

    static Description describe(LiveFleet fleet) {
        List<PoolDesc> pools = new ArrayList<>();
        for (LiveFleet.Pool p : fleet.pools()) {
            String acc = p.orbital ? p.constellation.payload().accelerator().model() : p.site.accelerator().model();
            pools.add(new PoolDesc(p.name, p.orbital ? "orbit" : "ground", acc, p.nodes.nodes(), p.nodes.gpusPerNode(), p.nodes.capacity(),
                    p.usableGpus()));
        }
        TreeMap<String, TenantDesc> tenants = new TreeMap<>();
        for (TenantSpec t : fleet.scenario().tenancy().tenants()) {
            tenants.put(t.name(), new TenantDesc(t.name(), t.weight(), t.priority(), t.borrowLimitGpus() == Long.MAX_VALUE ? null : t.borrowLimitGpus(),
                    new TreeMap<>(t.reservedGpus())));
        }
        return new Description(pools, new ArrayList<>(tenants.values()));
    }

    static String json(Description d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Description parse(String json) {
        try {
            return JSON.readValue(json, Description.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the scenario recorded in the database cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    static String fingerprint(String json) {
        return Tokens.hash(json);
    }

    static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }

    private static String limit(Long l) {
        return l == null ? "no limit" : l + " GPUs";
    }

    /** @return each difference, "in the data folder" (recorded) before "in the scenario" (now), one per line */
    static List<String> differences(Description was, Description now) {
        List<String> out = new ArrayList<>();
        Map<String, PoolDesc> a = new LinkedHashMap<>();
        for (PoolDesc p : was.pools()) a.put(p.name(), p);
        Map<String, PoolDesc> b = new LinkedHashMap<>();
        for (PoolDesc p : now.pools()) b.put(p.name(), p);
        for (PoolDesc p : was.pools()) {
            PoolDesc q = b.get(p.name());
            if (q == null) {
                out.add("pool " + p.name() + ": in the data folder (" + p.kind() + ", " + p.gpus() + " " + p.accelerator() + " GPUs), not in the scenario");
                continue;
            }
            if (!p.kind().equals(q.kind())) out.add("pool " + p.name() + ": " + p.kind() + " in the data folder, " + q.kind() + " in the scenario");
            if (!p.accelerator().equals(q.accelerator())) {
                out.add("pool " + p.name() + ": accelerator " + p.accelerator() + " in the data folder, " + q.accelerator() + " in the scenario");
            }
            if (p.gpus() != q.gpus()) out.add("pool " + p.name() + ": " + p.gpus() + " GPUs in the data folder, " + q.gpus() + " in the scenario");
            if (p.usableGpus() != q.usableGpus()) {
                out.add("pool " + p.name() + ": " + p.usableGpus() + " GPUs usable within its power cap in the data folder, " + q.usableGpus()
                        + " in the scenario");
            }
            if (p.nodes() != q.nodes() || p.gpusPerNode() != q.gpusPerNode()) {
                out.add("pool " + p.name() + ": " + p.nodes() + " nodes of " + p.gpusPerNode() + " GPUs in the data folder, " + q.nodes() + " of "
                        + q.gpusPerNode() + " in the scenario");
            }
        }
        for (PoolDesc q : now.pools()) {
            if (!a.containsKey(q.name())) out.add("pool " + q.name() + ": not in the data folder, in the scenario (" + q.kind() + ", " + q.gpus() + " "
                    + q.accelerator() + " GPUs)");
        }
        if (out.isEmpty() && !a.keySet().stream().toList().equals(b.keySet().stream().toList())) {
            out.add("pools: in the order " + String.join(", ", a.keySet()) + " in the data folder, " + String.join(", ", b.keySet())
                    + " in the scenario (jobs go to the first pool that fits)");
        }
        Map<String, TenantDesc> ta = new TreeMap<>();
        for (TenantDesc t : was.tenants()) ta.put(t.name(), t);
        Map<String, TenantDesc> tb = new TreeMap<>();
        for (TenantDesc t : now.tenants()) tb.put(t.name(), t);
        for (TenantDesc t : ta.values()) {
            TenantDesc u = tb.get(t.name());
            if (u == null) {
                out.add("tenant " + t.name() + ": in the data folder's scenario, not in the scenario");
                continue;
            }
            if (t.weight() != u.weight()) out.add("tenant " + t.name() + ": weight " + num(t.weight()) + " in the data folder, " + num(u.weight()) + " in the scenario");
            if (t.priority() != u.priority()) out.add("tenant " + t.name() + ": priority " + t.priority() + " in the data folder, " + u.priority() + " in the scenario");
            if (!Objects.equals(t.borrowLimitGpus(), u.borrowLimitGpus())) {
                out.add("tenant " + t.name() + ": borrowing limit " + limit(t.borrowLimitGpus()) + " in the data folder, " + limit(u.borrowLimitGpus())
                        + " in the scenario");
            }
            TreeMap<String, Long> pools = new TreeMap<>(t.reservedGpus());
            pools.putAll(u.reservedGpus());
            for (String pool : pools.keySet()) {
                long x = t.reservedGpus().getOrDefault(pool, 0L);
                long y = u.reservedGpus().getOrDefault(pool, 0L);
                if (x != y) out.add("tenant " + t.name() + ": " + x + " GPUs reserved in " + pool + " in the data folder, " + y + " in the scenario");
            }
        }
        for (TenantDesc u : tb.values()) {
            if (!ta.containsKey(u.name())) out.add("tenant " + u.name() + ": not in the data folder's scenario, in the scenario");
        }
        return out;
    }

    /**
     * What a start does to the store: the record to write (or null) and, for a migration, the job, reservation
     * and node changes, all committed together by {@link #apply}.
     *
     * @param notices       lines for the log and stdout (every change of a migration among them)
     * @param record        the record to write, or null if it stays
     * @param failJobs      jobs to fail (id, reason)
     * @param dropReservations reservation ids to delete
     * @param addReservations  reservations to insert (id, tenant id, pool, GPUs)
     * @param dropNodesDown nodes-down rows to delete (pool, node)
     */
    record Plan(List<String> notices, Store.ScenarioRecord record, Map<Long, String> failJobs, List<Long> dropReservations,
                List<ControlPlane.Reservation> addReservations, List<Store.NodeDownRow> dropNodesDown) {
        /** Commits the plan in one transaction; {@code nowMs} simulated time of the failures. */
        void apply(Store store, long nowMs) {
            if (record == null) return;
            ControlPlane.await(store, store.write(b -> {
                var c = b.connection();
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE jobs SET state = 'FAILED', end_ms = ?, reason = ?, pool = NULL, nodes = NULL WHERE id = ? AND state IN ('QUEUED', 'RUNNING')")) {
                    for (Map.Entry<Long, String> e : failJobs.entrySet()) {
                        p.setLong(1, nowMs);
                        p.setString(2, e.getValue().length() > 512 ? e.getValue().substring(0, 509) + "..." : e.getValue());
                        p.setLong(3, e.getKey());
                        p.addBatch();
                    }
                    if (!failJobs.isEmpty()) p.executeBatch();
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM reservations WHERE id = ?")) {
                    for (long id : dropReservations) {
                        p.setLong(1, id);
                        p.addBatch();
                    }
                    if (!dropReservations.isEmpty()) p.executeBatch();
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO reservations (id, tenant_id, pool, gpus, created_wall_ms) VALUES (?,?,?,?,?)")) {
                    for (ControlPlane.Reservation r : addReservations) {
                        p.setLong(1, r.id());
                        p.setLong(2, r.tenantId());
                        p.setString(3, r.pool());
                        p.setLong(4, r.gpus());
                        p.setLong(5, record.recordedWallMs());
                        p.addBatch();
                    }
                    if (!addReservations.isEmpty()) p.executeBatch();
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM nodes_down WHERE pool = ? AND node = ?")) {
                    for (Store.NodeDownRow n : dropNodesDown) {
                        p.setString(1, n.pool());
                        p.setInt(2, n.node());
                        p.addBatch();
                    }
                    if (!dropNodesDown.isEmpty()) p.executeBatch();
                }
                Store.putScenarioRecord(record).apply(b);
            }));
        }
    }

    /** @return {@code job 7 (tenant lab-a, RUNNING on site-a, 8 GPUs, target site-a)} */
    private static String describeJob(LiveJob j, Map<Long, String> tenantNames) {
        return "job " + j.id + " (tenant " + tenantNames.getOrDefault(j.tenantId, "#" + j.tenantId) + ", " + j.state
                + (j.state == JobState.RUNNING ? " on " + j.pool : "") + ", " + j.gpus + " GPUs" + (j.target != null ? ", target " + j.target : "") + ")";
    }

    private static Plan only(List<String> notices, Store.ScenarioRecord record) {
        return new Plan(notices, record, Map.of(), List.of(), List.of(), List.of());
    }

    private static String fp12(String fp) {
        return fp.substring(0, 12);
    }

    /**
     * Decides what this start does to the store; reads only.
     *
     * @param where  the data folder and database, as named in messages
     * @param wallMs now, Unix epoch ms (the record's time)
     * @throws MismatchException if the store belongs to another fleet or tenants and {@code mode} does not carry it over,
     *                           or a migration cannot carry something; nothing has been changed
     */
    static Plan plan(Store store, LiveFleet fleet, Mode mode, String where, long wallMs) throws SQLException {
        var sc = fleet.scenario();
        Description now = describe(fleet);
        String json = json(now);
        String fp = fingerprint(json);
        Store.ScenarioRecord rec = store.scenarioRecord();
        Store.ScenarioRecord mine = new Store.ScenarioRecord(sc.name(), fp, json, sc.source(), wallMs);
        List<String> notes = new ArrayList<>();
        if (rec == null) {
            boolean fresh = store.count("jobs") == 0 && store.count("tenants") == 0 && store.setting(SkygridServer.CLOCK_ANCHOR) == null;
            if (fresh) {
                notes.add("data folder: created for scenario " + sc.name() + " (fingerprint " + fp12(fp) + "); it will refuse to start with another fleet or tenants");
                return only(notes, mine);
            }
            // created before fingerprints: adopt this scenario, unless it would strand jobs (then it is likely not the one it was used with)
            Map<Long, String> names = new TreeMap<>();
            for (Store.TenantRow t : store.loadTenants()) names.put(t.id(), t.name());
            List<String> stranded = new ArrayList<>();
            Map<Long, String> fail = new TreeMap<>();
            store.loadJobs(j -> {
                if (j.state != JobState.QUEUED && j.state != JobState.RUNNING) return;
                String never = ControlPlane.neverRuns(fleet, j);
                if (never == null) return;
                stranded.add(describeJob(j, names) + ": " + never);
                fail.put(j.id, "failed when the data folder (which recorded no scenario) was first started with scenario " + sc.name() + ": " + never);
            });
            if (!stranded.isEmpty() && mode != Mode.MIGRATE_FAIL_STRANDED) {
                StringBuilder m = new StringBuilder("the data folder " + where + " recorded no scenario (it was created before scenario fingerprints), and ")
                        .append(stranded.size()).append(" queued or running jobs could never run on scenario ").append(sc.name()).append(":");
                for (String x : stranded) m.append("\n  ").append(x);
                m.append("\nNothing was changed. Start it with the scenario it was used with, or start this scenario on a new data folder"
                        + " (--data-dir DIR), or add --migrate-scenario --fail-stranded-jobs to fail the jobs above (each with the reason).");
                throw new MismatchException(m.toString());
            }
            notes.add("data folder: it recorded no scenario (created before scenario fingerprints); it now belongs to scenario " + sc.name()
                    + " (fingerprint " + fp12(fp) + ") and will refuse to start with another fleet or tenants");
            for (String x : stranded) notes.add("  failed " + x);
            return new Plan(notes, mine, fail, List.of(), List.of(), List.of());
        }
        if (rec.fingerprint().equals(fp)) {
            if (mode != Mode.REFUSE) notes.add("--migrate-scenario: nothing to migrate; the data folder already belongs to this fleet and tenants");
            if (!rec.name().equals(sc.name())) {
                notes.add("data folder: scenario renamed from " + rec.name() + " to " + sc.name() + " (same fleet and tenants, fingerprint " + fp12(fp) + ")");
                return only(notes, mine);
            }
            return only(notes, null);
        }
        Description was = parse(rec.description());
        List<String> diffs = differences(was, now);
        String head = "the data folder " + where + " belongs to scenario " + rec.name() + " (fingerprint " + fp12(rec.fingerprint()) + ", recorded "
                + OperatorTokens.iso(rec.recordedWallMs()) + (rec.source() != null ? " from " + rec.source() : "") + "), not to scenario " + sc.name()
                + " (fingerprint " + fp12(fp) + "):";
        StringBuilder diffText = new StringBuilder();
        for (String d : diffs) diffText.append("\n  ").append(d);
        if (mode == Mode.REFUSE) {
            throw new MismatchException(head + diffText + "\nNothing was changed. To go on, either"
                    + "\n  - start this scenario on a new data folder: --data-dir DIR (with PostgreSQL, another database or schema in --db-url), or"
                    + "\n  - carry this data folder over to the scenario: --migrate-scenario. It lists every job and tenant it changes and"
                    + " refuses, changing nothing, if a queued or running job could never run on the new fleet"
                    + " (add --fail-stranded-jobs to fail those jobs instead) or a reservation no longer fits.");
        }

        // ---- migration: what it changes, and what it cannot carry
        Map<Long, String> tenantNames = new TreeMap<>();
        Map<Long, Store.TenantRow> tenantRows = new TreeMap<>();
        Map<String, Store.TenantRow> tenantByName = new TreeMap<>();
        for (Store.TenantRow t : store.loadTenants()) {
            tenantNames.put(t.id(), t.name());
            tenantRows.put(t.id(), t);
            tenantByName.put(ControlPlane.key(t.name()), t);
        }
        Map<String, PoolDesc> oldPools = new LinkedHashMap<>();
        for (PoolDesc p : was.pools()) oldPools.put(p.name(), p);
        Map<String, PoolDesc> newPools = new LinkedHashMap<>();
        for (PoolDesc p : now.pools()) newPools.put(p.name(), p);
        List<String> jobChanges = new ArrayList<>();
        List<String> stranded = new ArrayList<>();
        Map<Long, String> fail = new TreeMap<>();
        store.loadJobs(j -> {
            if (j.state != JobState.QUEUED && j.state != JobState.RUNNING) return;
            String who = describeJob(j, tenantNames);
            String never = ControlPlane.neverRuns(fleet, j);
            if (never != null) {
                stranded.add(who + ": " + never);
                fail.put(j.id, "failed when the data folder moved from scenario " + rec.name() + " to " + sc.name() + ": " + never);
            } else if (j.state == JobState.RUNNING && !Objects.equals(oldPools.get(j.pool), newPools.get(j.pool))) {
                jobChanges.add(who + ": back to the queue, its pool " + (newPools.containsKey(j.pool) ? "changed" : "is not in the scenario")
                        + "; resumes from its checkpoint at " + ControlPlane.fmtH(j.checkpointDoneMs));
            }
        });
        // reservations: dropped where the pool is gone; scenario tenants' reservations follow the scenario
        List<Long> drop = new ArrayList<>();
        List<ControlPlane.Reservation> add = new ArrayList<>();
        List<String> resChanges = new ArrayList<>();
        List<String> cannot = new ArrayList<>();
        Map<Long, Long> reservedByTenant = new TreeMap<>();
        Map<String, Long> reservedByPool = new TreeMap<>();
        List<Store.ReservationRow> rows = store.loadReservations();
        Map<String, TenantDesc> oldT = new TreeMap<>();
        for (TenantDesc t : was.tenants()) oldT.put(ControlPlane.key(t.name()), t);
        Map<String, TenantDesc> newT = new TreeMap<>();
        for (TenantDesc t : now.tenants()) newT.put(ControlPlane.key(t.name()), t);
        // (tenant id, pool) -> GPUs: the reservations of existing tenants that follow the new scenario: where it changed
        // them against the recorded scenario, or, for a tenant the recorded scenario did not have, where the tenant's
        // reservations differ from the scenario's
        Map<Long, TreeMap<String, Long>> follow = new TreeMap<>();
        for (TenantDesc nt : now.tenants()) {
            Store.TenantRow row = tenantByName.get(ControlPlane.key(nt.name()));
            if (row == null) continue;
            TenantDesc ot = oldT.get(ControlPlane.key(nt.name()));
            TreeMap<String, Long> pools = new TreeMap<>(nt.reservedGpus());
            if (ot != null) pools.putAll(ot.reservedGpus());
            for (String pool : pools.keySet()) {
                if (!newPools.containsKey(pool)) continue;
                long y = nt.reservedGpus().getOrDefault(pool, 0L);
                long held = 0;
                for (Store.ReservationRow r : rows) if (r.tenantId() == row.id() && r.pool().equals(pool)) held += r.gpus();
                boolean changed = ot != null ? ot.reservedGpus().getOrDefault(pool, 0L) != y : held != y;
                if (changed) follow.computeIfAbsent(row.id(), k -> new TreeMap<>()).put(pool, y);
            }
        }
        for (Store.ReservationRow r : rows) {
            String tn = tenantNames.getOrDefault(r.tenantId(), "#" + r.tenantId());
            boolean follows = follow.getOrDefault(r.tenantId(), new TreeMap<>()).containsKey(r.pool());
            if (!newPools.containsKey(r.pool())) {
                drop.add(r.id());
                resChanges.add("reservation " + r.id() + " (tenant " + tn + ", " + r.gpus() + " GPUs in " + r.pool() + "): removed; pool " + r.pool()
                        + " is not in the scenario");
            } else if (follows) {
                drop.add(r.id());
            } else {
                reservedByTenant.merge(r.tenantId(), r.gpus(), Long::sum);
                reservedByPool.merge(r.pool(), r.gpus(), Long::sum);
            }
        }
        List<String> tenantChanges = new ArrayList<>();
        for (TenantDesc nt : now.tenants()) {
            Store.TenantRow row = tenantByName.get(ControlPlane.key(nt.name()));
            if (row == null) {
                tenantChanges.add("tenant " + nt.name() + ": created (weight " + num(nt.weight()) + ", priority " + nt.priority() + ", borrowing limit "
                        + limit(nt.borrowLimitGpus()) + ", reservations " + nt.reservedGpus() + ")");
                for (Map.Entry<String, Long> e : nt.reservedGpus().entrySet()) reservedByPool.merge(e.getKey(), e.getValue(), Long::sum);
                continue;
            }
            List<String> what = new ArrayList<>();
            if (row.weight() != nt.weight()) what.add("weight " + num(row.weight()) + " -> " + num(nt.weight()));
            if (row.priority() != nt.priority()) what.add("priority " + row.priority() + " -> " + nt.priority());
            Long rowLimit = row.borrowLimitGpus() == Long.MAX_VALUE ? null : row.borrowLimitGpus();
            if (!Objects.equals(rowLimit, nt.borrowLimitGpus())) what.add("borrowing limit " + limit(rowLimit) + " -> " + limit(nt.borrowLimitGpus()));
            for (Map.Entry<String, Long> e : follow.getOrDefault(row.id(), new TreeMap<>()).entrySet()) {
                String pool = e.getKey();
                long y = e.getValue();
                long held = 0;
                for (Store.ReservationRow r : rows) if (r.tenantId() == row.id() && r.pool().equals(pool)) held += r.gpus();
                what.add("reservation in " + pool + " " + held + " -> " + y + " GPUs");
                if (y > 0) {
                    add.add(new ControlPlane.Reservation(store.nextId("reservations"), row.id(), pool, y));
                    reservedByTenant.merge(row.id(), y, Long::sum);
                    reservedByPool.merge(pool, y, Long::sum);
                }
            }
            long mineNow = reservedByTenant.getOrDefault(row.id(), 0L);
            if (mineNow > row.quotaGpus()) {
                cannot.add("tenant " + nt.name() + ": " + mineNow + " GPUs would be reserved but its quota is " + row.quotaGpus() + " GPUs at once"
                        + " (raise it with PATCH /api/v1/admin/tenants/" + nt.name() + " first)");
            }
            if (!what.isEmpty()) tenantChanges.add("tenant " + nt.name() + ": " + String.join(", ", what));
        }
        for (TenantDesc ot : was.tenants()) {
            if (!newT.containsKey(ControlPlane.key(ot.name())) && tenantByName.containsKey(ControlPlane.key(ot.name()))) {
                tenantChanges.add("tenant " + ot.name() + ": not in the scenario; kept with its jobs, tokens and reservations (an operator may change them"
                        + " through /api/v1/admin)");
            }
        }
        for (Map.Entry<String, Long> e : reservedByPool.entrySet()) {
            LiveFleet.Pool p = fleet.pool(e.getKey());
            if (p != null && e.getValue() > p.usableGpus()) {
                cannot.add("pool " + e.getKey() + ": " + e.getValue() + " GPUs would be reserved but it can run " + p.usableGpus());
            }
        }
        List<Store.NodeDownRow> dropNodes = new ArrayList<>();
        List<String> nodeChanges = new ArrayList<>();
        for (Store.NodeDownRow n : store.loadNodesDown()) {
            LiveFleet.Pool p = fleet.pool(n.pool());
            if (p == null || n.node() >= p.nodes.nodes()) {
                dropNodes.add(n);
                nodeChanges.add("node " + n.node() + " of " + n.pool() + " (out of service" + (n.reason() != null ? ": " + n.reason() : "") + "): mark removed; "
                        + (p == null ? "pool " + n.pool() + " is not in the scenario" : n.pool() + " has " + p.nodes.nodes() + " nodes"));
            }
        }
        if (!cannot.isEmpty() || (!stranded.isEmpty() && mode != Mode.MIGRATE_FAIL_STRANDED)) {
            StringBuilder m = new StringBuilder("--migrate-scenario: ").append(head).append(diffText);
            if (!stranded.isEmpty()) {
                m.append("\n").append(stranded.size()).append(" queued or running jobs could never run on the new fleet:");
                for (String s : stranded) m.append("\n  ").append(s);
            }
            for (String s : cannot) m.append("\n  cannot carry ").append(s);
            m.append("\nNothing was changed. To go on, either start this scenario on a new data folder (--data-dir DIR)");
            if (!stranded.isEmpty()) m.append(", or add --fail-stranded-jobs to fail the jobs above (each with the reason)");
            if (!cannot.isEmpty()) m.append(", or change the tenants' quotas or reservations first");
            m.append(".");
            throw new MismatchException(m.toString());
        }
        notes.add("--migrate-scenario: the data folder moves from scenario " + rec.name() + " (fingerprint " + fp12(rec.fingerprint()) + ") to "
                + sc.name() + " (fingerprint " + fp12(fp) + "):");
        for (String d : diffs) notes.add("  differs: " + d);
        for (String s : stranded) notes.add("  failed " + s);
        for (String s : jobChanges) notes.add("  " + s);
        for (String s : tenantChanges) notes.add("  " + s);
        for (String s : resChanges) notes.add("  " + s);
        for (String s : nodeChanges) notes.add("  " + s);
        if (stranded.isEmpty() && jobChanges.isEmpty() && tenantChanges.isEmpty() && resChanges.isEmpty() && nodeChanges.isEmpty()) {
            notes.add("  no job, tenant, reservation or node changes");
        }
        return new Plan(notes, mine, fail, drop, add, dropNodes);
    }
}
