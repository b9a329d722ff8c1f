package io.skygrid.workload;

import io.skygrid.TestData;
import io.skygrid.scenario.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadLoaderTest {
    @Test
    void dispatchesOnTheSpec() {
        Path alibaba = TestData.path("traces/alibaba-gpu-2023/openb_pod_list_default.csv");
        assertThat(WorkloadLoader.load(new WorkloadSpec.Trace(alibaba, "alibaba-gpu-2023", 2), 8, 8, 1, 1).jobs())
                .hasSize(2 * 6203);
        WorkloadSpec.Generated gen = new WorkloadSpec.Generated(0.5, List.of("a"));
        assertThat(WorkloadLoader.load(gen, 1000, 64, 86_400_000L, 9).jobs())
                .isEqualTo(WorkloadGenerator.generate(gen, 1000, 64, 86_400_000L, 9).jobs());
    }

    @Test
    void phillyFormatUsesThePhillyReader() {
        Path philly = TestData.path("traces/philly/philly.csv");
        assertThat(WorkloadLoader.load(new WorkloadSpec.Trace(philly, "philly", 1), 8, 8, 1, 1).jobs()).hasSize(82_247);
    }

    @Test
    void unknownFormatListsTheKnownOnes() {
        assertThatThrownBy(() -> WorkloadLoader.load(new WorkloadSpec.Trace(Path.of("x.csv"), "helios", 1), 8, 8, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown trace format 'helios'; known formats: philly, alibaba-gpu-2023");
    }

    @Test
    void arrivalSpeedupDividesSubmitTimesAndKeepsDurations() {
        Path philly = TestData.path("traces/philly/philly.csv");
        List<Job> real = WorkloadLoader.load(new WorkloadSpec.Trace(philly, "philly", 1), 8, 8, 1, 1).jobs();
        Workload fast = WorkloadLoader.load(new WorkloadSpec.Trace(philly, "philly", 1, 106), 8, 8, 1, 1);
        assertThat(fast.jobs()).hasSize(real.size());
        assertThat(fast.source()).contains("sped up 106");
        for (int i = 0; i < real.size(); i += 997) {
            Job a = real.get(i);
            Job b = fast.jobs().get(i);
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(b.durationMs()).isEqualTo(a.durationMs());
            assertThat(b.submitMs()).isEqualTo(Math.round(a.submitMs() / 106.0));
        }
        assertThatThrownBy(() -> new WorkloadSpec.Trace(philly, "philly", 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arrivalSpeedup");
    }

    @Test
    void startOffsetSkipsAndCountsEarlierJobsAndShiftsTheRest() {
        Path philly = TestData.path("traces/philly/philly.csv");
        List<Job> real = WorkloadLoader.load(new WorkloadSpec.Trace(philly, "philly", 1), 8, 8, 1, 1).jobs();
        long offset = 20L * 86_400_000L;
        Workload w = WorkloadLoader.load(new WorkloadSpec.Trace(philly, "philly", 1, 2.0, offset), 8, 8, 1, 1);
        long before = real.stream().filter(j -> j.submitMs() < offset).count();
        assertThat(before).isPositive();
        assertThat(w.skipped()).containsEntry(WorkloadLoader.BEFORE_START_OFFSET, (int) before);
        assertThat(w.jobs()).hasSize(real.size() - (int) before);
        Job first = real.get((int) before);
        assertThat(w.jobs().get(0).id()).isEqualTo(first.id());
        assertThat(w.jobs().get(0).submitMs()).isEqualTo(Math.round((first.submitMs() - offset) / 2.0));
    }

    @Test
    void aTraceWithNoJobsToReplayIsAnInputError(@TempDir Path dir) throws IOException {
        Path header = Files.writeString(dir.resolve("h.csv"), String.join(",", PhillyTraceReader.HEADER) + "\n\n");
        assertThatThrownBy(() -> WorkloadLoader.load(new WorkloadSpec.Trace(header, "philly", 1), 8, 8, 1, 1))
                .isInstanceOf(InputException.class).hasMessage("h.csv: has no jobs to replay (no data rows)");
        Path allSkipped = Files.writeString(dir.resolve("s.csv"), String.join(",", AlibabaGpu2023Reader.HEADER) + "\n"
                + "p0,1,1,0,0,,BE,Running,5,50,5\n"
                + "p1,1,1,1,1000,,BE,Pending,6,60,\n"
                + "p2,1,1,0,0,,BE,Failed,7,70,7\n");
        assertThatThrownBy(() -> WorkloadLoader.load(new WorkloadSpec.Trace(allSkipped, "alibaba-gpu-2023", 1), 8, 8, 1, 1))
                .isInstanceOf(InputException.class)
                .hasMessage("s.csv: has no jobs to replay (3 rows skipped: 0-GPU pod 2, never scheduled 1)");
        Path philly = TestData.path("traces/philly/philly.csv");
        assertThatThrownBy(() -> WorkloadLoader.load(new WorkloadSpec.Trace(philly, "philly", 1, 1.0, 400L * 86_400_000L),
                8, 8, 1, 1))
                .isInstanceOf(InputException.class)
                .hasMessage("philly.csv: has no jobs to replay (82,247 rows skipped: submitted before the start offset 82,247)");
    }
}
