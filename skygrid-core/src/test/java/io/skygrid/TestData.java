package io.skygrid;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only shared inputs ({@code ../shared/data} beside the repository). */
public final class TestData {
    private TestData() {
    }

    /** @return {@code shared/data/<relative>}, found by walking up from the working directory */
    public static Path path(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate.resolve(relative);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("shared/data not found above " + Path.of("").toAbsolutePath());
    }
}
