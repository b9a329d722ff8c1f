package io.skygrid.scenario;

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
}
