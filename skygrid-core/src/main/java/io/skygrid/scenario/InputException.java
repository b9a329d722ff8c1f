package io.skygrid.scenario;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Bad user input (scenario, TLE, trace, station file). The message always starts with the location,
 * {@code file:line: field message}, e.g. {@code scenario.yaml:14: ground[0].gpus must be > 0, got -8}.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final String field;

    /**
     * @param file    file name as the user gave it
     * @param line    1-based line, or 0 if unknown
     * @param field   dotted field path (e.g. {@code ground[0].gpus}), or null
     * @param message what is wrong, e.g. {@code must be > 0, got -8}
     */
    public InputException(String file, int line, String field, String message) {
        super(format(file, line, field, message));
        this.file = file;
        this.line = line;
        this.field = field;
    }

    private static String format(String file, int line, String field, String message) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(':').append(line);
        sb.append(": ");
        if (field != null && !field.isEmpty()) sb.append(field).append(' ');
        return sb.append(message).toString();
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    /**
     * Quotes user text in a message: at most {@value #QUOTE_MAX} characters (then {@code ...}), control
     * and other non-printable characters written as {@code \xNN} (as a four-digit u-escape above U+00FF).
     */
    public static String quote(String s) {
        return quote(s, false);
    }

    /**
     * Like {@link #quote(String)}, but for ASCII formats (TLE): every character outside printable ASCII
     * is escaped.
     */
    public static String quoteAscii(String s) {
        return quote(s, true);
    }

    private static String quote(String s, boolean asciiOnly) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), QUOTE_MAX) + 8);
        int n = Math.min(s.length(), QUOTE_MAX);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (c < 0x20 || (c >= 0x7F && (asciiOnly || c < 0xA0)) || type == Character.UNASSIGNED
                    || type == Character.FORMAT || type == Character.SURROGATE || type == Character.PRIVATE_USE
                    || c == '\uFFFD') {
                sb.append(c <= 0xFF ? String.format(Locale.ROOT, "\\x%02X", (int) c)
                        : String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > QUOTE_MAX) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** Longest excerpt of user text quoted in a message, characters. */
    public static final int QUOTE_MAX = 80;


    /** @return what went wrong reading a file, in words (no Java class name) */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }

}
