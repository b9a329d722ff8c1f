package io.skygrid.cli.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

class HtmlReportTest {
    @Test
    @SuppressWarnings("unchecked")
    void histogramCountsEveryPositiveValueOnceOnLogBins() {
        double[] v = {0, 0, 0.01, 0.1, 0.1, 1, 10, 100, 5, 0.5};
        Map<String, Object> h = HtmlReport.histogram(v.clone(), v.length);
        List<Double> edges = (List<Double>) h.get("edges");
        List<Long> counts = (List<Long>) h.get("counts");
        assertThat(h.get("zero")).isEqualTo(2L);
        assertThat(counts).hasSize(30);
        assertThat(edges).hasSize(31);
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(8);
        assertThat(edges.get(0)).isCloseTo(0.01, withinPercentage(0.1));
        assertThat(edges.get(30)).isCloseTo(100, withinPercentage(0.1));
        // log spacing: equal ratios between consecutive edges
        assertThat(edges.get(16) / edges.get(15)).isCloseTo(edges.get(2) / edges.get(1), withinPercentage(0.5));
        assertThat(counts.get(0)).isEqualTo(1);   // 0.01
        assertThat(counts.get(29)).isEqualTo(1);  // 100, the top edge, in the last bin
    }

    @Test
    void emptySampleHasNoBins() {
        Map<String, Object> h = HtmlReport.histogram(new double[]{0, 0}, 2);
        assertThat((List<?>) h.get("edges")).isEmpty();
        assertThat(h.get("zero")).isEqualTo(2L);
    }
}
