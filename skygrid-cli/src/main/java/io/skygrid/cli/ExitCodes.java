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

    /**
     * @return an I/O failure in words: for the JDK's file-system exceptions (whose message is often just the
     * path) the path and the reason, e.g. {@code /x/out: permission denied}; never a Java class name
     */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name is in the way"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : fs.getReason() != null ? fs.getReason() : "cannot be written";
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + reason;
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }

    /** @return {@code body}'s exit code, or the code of the failure it threw, after printing its message */
    public static int guarded(Callable<Integer> body) {
        try {
            return body.call();
        } catch (InputException e) {
            System.err.println("skygrid: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("skygrid: cannot write outputs: " + describe(e));
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
