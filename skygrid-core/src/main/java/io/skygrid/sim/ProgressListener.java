package io.skygrid.sim;

/**
 * Receives progress of a long phase (physics, simulation). Implementations must be thread-safe.
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void start(String phase, long total) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void finish() {
        }
    };

    /** A phase begins with {@code total} units of work. */
    void start(String phase, long total);

    /** {@code done} more units of work finished. */
    void advance(long done);

    /** The current phase ended. */
    void finish();
}
