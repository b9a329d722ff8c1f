package io.skygrid.cli;

import io.skygrid.scenario.InputException;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * The one mapping from failures to messages and exit codes shared by every command: 2 for bad input
 * or usage (the message names file, line and field), 1 for unwritable outputs, exhausted memory or an
 * internal error (stack trace with {@code SKYGRID_DEBUG} set). Never a bare stack trace.
 */
public final class ExitCodes {
    private ExitCodes() {
    }

    /** @return {@code body}'s exit code, or the code of the failure it threw, after printing its message */
    public static int guarded(Callable<Integer> body) {
        try {
            return body.call();
        } catch (InputException e) {
            System.err.println("skygrid: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("skygrid: cannot write outputs: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            // a limit of the engine reached by valid-looking input (e.g. a workload too large to hold)
            System.err.println("skygrid: " + e.getMessage());
            return 2;
        } catch (OutOfMemoryError e) {
            System.err.println("skygrid: out of memory (" + e.getMessage() + "); give the JVM more with"
                    + " SKYGRID_JAVA_OPTS=-Xmx16g, or shrink the scenario (horizon, satellites, jobs)");
            return 1;
        } catch (Exception e) {
            System.err.println("skygrid: internal error, please report it with the scenario: " + e);
            if (System.getenv("SKYGRID_DEBUG") != null) {
                e.printStackTrace();
            }
            return 1;
        }
    }
}
