package io.skygrid.common;

/**
 * Jackson's parse messages in the words of someone who wrote JSON, not Java.
 */
public final class JsonMessages {
    private JsonMessages() {
    }

    /**
     * Jackson's parse message without the names of its own switches ("enable `JsonReadFeature.X` to
     * allow", "Feature 'ALLOW_COMMENTS' not enabled", "from `StreamReadConstraints...`", "(code 13)"): the
     * user did not write Java and cannot turn them on.
     *
     * @param message Jackson's original message (first line used), or null
     * @return the message without those names ("syntax error" for null)
     */
    public static String plain(String message) {
        if (message == null) return "syntax error";
        String m = message.strip().split("\\R", 2)[0];
        m = m.replaceAll("\\s*\\((?:[^()]*\\bFeature\\b[^()]*)\\)", "");
        m = m.replaceAll("[:;,]?\\s*(?:enable|consider enabling)\\s+`[^`]*`(?:\\s+to allow)?", "");
        m = m.replaceAll(",?\\s*from\\s+`[^`]*`", "");
        m = m.replaceAll("\\s*\\(code \\d+\\)", "");
        m = m.replaceAll("\\s*`[A-Za-z]+(?:Read|Write)?Feature\\.[A-Z_]+`[^;.]*", "");
        return m.strip();
    }
}
