package io.skygrid.cli;

import io.skygrid.sim.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long phases as progress bars on standard error (me.tongfei:progressbar).
 * Thread-safe: the physics phase advances from several threads.
 */
final class ProgressBars implements ProgressListener {
    private ProgressBar bar;

    @Override
    public synchronized void start(String phase, long total) {
        finish();
        bar = new ProgressBarBuilder().setTaskName(phase).setInitialMax(Math.max(1, total))
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public synchronized void advance(long done) {
        if (bar != null) {
            bar.stepBy(done);
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
