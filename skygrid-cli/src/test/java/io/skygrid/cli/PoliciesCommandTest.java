package io.skygrid.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.skygrid.cli.RunCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code skygrid run --policies} and {@code --explain}. */
class PoliciesCommandTest {
    static final String TENANTS = RunCommandTest.SMALL.replace("scheduler: {queue: fifo, backfill: easy}\n", """
            scheduler: {queue: drf, backfill: easy}
            tenants:
              - {name: lab-a, reserved: {site-a: 256}, weight: 2}
              - {name: lab-b, borrowLimitGpus: 128}
            """).replace("offeredLoad: 1.2", "offeredLoad: 4");

    @Test
    void comparesPoliciesSideBySideAndExplainsJobs(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("t.yaml");
        Files.writeString(scenario, TENANTS);
        Path out = dir.resolve("out");
        RunCommandTest.Run r = run("run", "--scenario", scenario.toString(), "--out", out.toString(), "-q",
                "--policies", "fifo,drf,srtf+nobackfill,tiresias+preempt", "--explain", "0,1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("tenant share of GPU-hours: lab-a ").contains("explain: job 0 (")
                .contains("explain: job 1 (");
        List<String> table = r.out().lines().dropWhile(l -> !l.startsWith("policy ")).toList();
        assertThat(table.get(0)).contains("JCT mean").contains("lab-a").contains("lab-b");
        assertThat(table.get(2)).startsWith("fifo+easy ");
        assertThat(table.get(3)).startsWith("drf+easy ");
        assertThat(table.get(4)).startsWith("srtf ");
        assertThat(table.get(5)).startsWith("tiresias+easy+preempt ");
        // every column has its heading: as many fields in each row as in the header, and each row as wide
        assertThat(table.get(0)).contains("lost GPU-h");
        int columns = table.get(0).replace("JCT mean", "x").replace("JCT p95", "x").replace("JCT p99", "x")
                .replace("wait mean", "x").replace("wait p95", "x").replace("lost GPU-h", "x").trim().split("\\s+").length;
        for (int i = 2; i <= 5; i++) {
            assertThat(table.get(i).trim().split("\\s+")).as(table.get(i)).hasSize(columns);
            assertThat(table.get(i)).hasSameSizeAs(table.get(0));
        }
        List<String> csv = Files.readAllLines(out.resolve("policies.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("policy,queue,backfill,preemption,jct_mean_h").endsWith("share_lab-a,share_lab-b");
        // the drf row is the scenario's own run: its figures match summary.json's tenants
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary).contains("\"tenants\"").contains("\"waitReasons\"").contains("\"lostGpuHours\"");
        List<String> jobs = Files.readAllLines(out.resolve("jobs.csv"));
        assertThat(jobs.get(0)).endsWith(",quota_tenant,preemptions,lost_gpu_h,wait_reason,staging_s,output_down_s,"
                + "racks,leaves,restarts,failure_lost_gpu_h");
        assertThat(jobs.stream().skip(1).filter(l -> l.matches(".*,quota,[0-9.]*,[0-9.]*,\\d*,\\d*,\\d+,[0-9.]+"))).isNotEmpty();
    }

    @Test
    void unknownPolicyOrJobIsAUsageError(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("t.yaml");
        Files.writeString(scenario, TENANTS);
        RunCommandTest.Run bad = run("run", "--scenario", scenario.toString(), "--out", dir.resolve("o").toString(), "-q",
                "--policies", "fifo,lottery");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("'lottery' is not a policy (known: fifo, priority, fairshare, drf, tiresias, srtf");
        RunCommandTest.Run missing = run("run", "--scenario", scenario.toString(), "--out", dir.resolve("p").toString(),
                "-q", "--explain", "99999999");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--explain: no job with id 99999999");
    }
}
