package io.skygrid.workload;

import java.nio.file.Path;
import java.util.List;

/**
 * Inference services to serve beside the training workload ({@code workload: {inference: {file, format}}}).
 *
 * @param file   the trace file
 * @param format {@code alibaba-dlrm-2025} ({@link AlibabaDlrm2025Reader})
 */
public record InferenceSpec(Path file, String format) {
    /** Known formats. */
    public static final List<String> FORMATS = List.of("alibaba-dlrm-2025");

    public InferenceSpec {
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("unknown inference format '" + format + "' (known: "
                    + String.join(", ", FORMATS) + ")");
        }
    }

    /** @return the services of the trace */
    public InferenceWorkload load() {
        return AlibabaDlrm2025Reader.read(file);
    }
}
