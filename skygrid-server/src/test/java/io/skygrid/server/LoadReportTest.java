package io.skygrid.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The load report prints rounded figures (no 6.41E-4, no 0.219738). */
class LoadReportTest {
    @Test
    void serverFiguresAreRoundedToMicroseconds() throws Exception {
        JsonNode m = Http.JSON.readTree("{\"queued\":16824,\"running\":6933,\"placementMs\":{\"p50\":6.41E-4,\"p99\":11.241716,\"count\":7217},"
                + "\"schedulingPassMs\":{\"p50\":0.219738,\"p99\":1.283145,\"count\":17744},\"dbCommitMs\":{\"p50\":0.504523,\"p99\":21.681294,\"count\":3322},"
                + "\"dbCommits\":3322,\"dbWrites\":33957}");
        String text = new LoadGenerator.Report(10, 10, 0, 0, 1, 2.0, 5.0, 1.234567, 2.5, 1, 2, List.of(), List.of(), m).text();
        assertThat(text).contains("placement (enqueue to decision) p50 0.001 p99 11.242 ms over 7,217;")
                .contains("scheduling pass p50 0.220 p99 1.283 ms over 17,744; group commit p50 0.505 p99 21.681 ms (3,322 commits for 33,957 writes)")
                .contains("16,824 queued").contains("p50 1.23  p99 2.50").doesNotContain("E-", "0.219738");
    }
}
