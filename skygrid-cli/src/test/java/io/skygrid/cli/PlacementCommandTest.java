package io.skygrid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.skygrid.cli.RunCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code skygrid run} with sun-following placement, data staging and inference services. */
class PlacementCommandTest {
    private static final String HEADER = "instance_sn,role,app_name,cpu_request,cpu_limit,gpu_request,gpu_limit,"
            + "rdma_request,rdma_limit,memory_request,memory_limit,disk_request,disk_limit,max_instance_per_node,"
            + "creation_time,scheduled_time,deletion_time\n";

    @Test
    void reportsPlacementStagingAndInferenceApartFromTraining(@TempDir Path dir) throws Exception {
        // three replicas of one service limited to 1 per node, one CPU instance (skipped), one ending at 2 h
        Files.writeString(dir.resolve("dlrm.csv"), HEADER
                + "i1,HN,app_0,8,8,1,1,0,0,1,1,1,1,1,,,\n"
                + "i2,HN,app_0,8,8,1,1,0,0,1,1,1,1,1,,,7200\n"
                + "i3,HN,app_0,8,8,1,1,0,0,1,1,1,1,1,600,601,\n"
                + "c1,CN,app_0,8,8,0,0,0,0,1,1,1,1,-1,,,\n");
        String yaml = RunCommandTest.SMALL
                .replace("ltan: \"18:00\"", "ltan: \"06:00\"")
                .replace("  generator: {offeredLoad: 1.2, tenants: [lab-a, lab-b]}\n",
                        "  generator: {offeredLoad: 0.3, tenants: [lab-a, lab-b]}\n"
                                + "  inference: {file: dlrm.csv, format: alibaba-dlrm-2025}\n")
                .replace("scheduler: {queue: fifo, backfill: easy}\n",
                        "scheduler: {queue: fifo, backfill: easy, placement: sun-following, data: {inputGB: 0.1, outputGB: 0.1}}\n");
        Path scenario = dir.resolve("p.yaml");
        Files.writeString(scenario, yaml);
        Path out = dir.resolve("out");
        RunCommandTest.Run r = run("run", "--scenario", scenario.toString(), "--out", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("inference: 1 services, 3 of 3 replicas wanted placed")
                .contains("placement: sun-following; data staging: ");

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/placement/mode").asText()).isEqualTo("sun-following");
        assertThat(summary.at("/placement/dataStaging/inputGB").asDouble()).isEqualTo(0.1);
        JsonNode inf = summary.at("/inference");
        assertThat(inf.at("/replicasLoaded").asInt()).isEqualTo(3);
        assertThat(inf.at("/rowsSkipped/0-GPU instance (CPU node)").asInt()).isEqualTo(1);
        assertThat(inf.at("/replicasPlaced").asInt()).isEqualTo(3);
        // 12 h + 2 h + 11 h 50 min of one GPU each
        assertThat(inf.at("/gpuHoursServed").asDouble()).isCloseTo(12 + 2 + (12 - 600 / 3600.0),
                org.assertj.core.data.Offset.offset(1e-3));

        // sun-following: the 06:00 dawn-dusk cluster takes training first; its jobs waited for their input
        List<String> jobs = Files.readAllLines(out.resolve("jobs.csv"));
        List<String> inOrbit = jobs.stream().filter(l -> l.contains(",dawn-dusk,")).toList();
        assertThat(inOrbit).isNotEmpty();
        assertThat(inOrbit).allMatch(l -> l.contains(",data-not-uploaded,"));
        assertThat(summary.at("/placement/dataStaging/jobsStaged").asInt()).isGreaterThanOrEqualTo(inOrbit.size());

        List<String> rows = Files.readAllLines(out.resolve("inference.csv"));
        assertThat(rows.get(0)).isEqualTo("kind,service,gpus,max_per_node,start_s,end_s,placed_s,wait_s,placement,"
                + "node,served_h,evictions,state");
        assertThat(rows).hasSize(4);
        // at most one replica of the service per node
        assertThat(rows.stream().skip(1).map(l -> l.split(",")[9]).distinct().count()).isEqualTo(3);
        assertThat(rows.get(1)).startsWith("inference,app_0/HN,1,1,0.000,,0.000,0.000,site-a,");
    }
}
