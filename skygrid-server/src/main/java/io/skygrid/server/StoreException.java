package io.skygrid.server;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Why a durable write did not commit. It carries a category and the id under which the store logged the
 * database's own error; never SQL text or values (those may belong to another tenant's request).
 */
public final class StoreException extends RuntimeException {
    /** What a caller may conclude. */
    public enum Kind {
        /** Nothing was committed and the database may work again later (lock or statement timeout, lost connection). */
        TRANSIENT,
        /** The database rejected a value of this write (SQL state class 22: invalid text, out of range). */
        DATA,
        /** The write broke a constraint (SQL state class 23). */
        CONFLICT,
        /** The caller withdrew the write before any transaction took it: it will never commit. */
        WITHDRAWN,
        /** It may have been committed (the commit or the sync after it failed). */
        UNKNOWN,
        /** Any other database error. */
        OTHER
    }

    private static final SecureRandom RND = new SecureRandom();
    private final Kind kind;
    private final String errorId;

    StoreException(Kind kind, String errorId, String message) {
        super(message + (errorId == null ? "" : " [error id " + errorId + "]"), null, false, false);
        this.kind = kind;
        this.errorId = errorId;
    }

    public Kind kind() {
        return kind;
    }

    /** @return the id of the server log line with the database's error, or null */
    public String errorId() {
        return errorId;
    }

    static String newId() {
        byte[] b = new byte[6];
        RND.nextBytes(b);
        return "db-" + HexFormat.of().formatHex(b);
    }

    /** @return the category of a JDBC failure (H2 and PostgreSQL SQL states) */
    static Kind classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException || t instanceof SQLTransientException) return Kind.TRANSIENT;
            if (t instanceof SQLException s) {
                String st = s.getSQLState();
                if (st == null) continue;
                // 08 connection, 40 rollback (serialization, deadlock), 53 resources, 57 operator intervention
                // (57014 statement timeout), 55P03 lock not available, HYT00 H2 lock timeout
                if (st.startsWith("08") || st.startsWith("40") || st.startsWith("53") || st.startsWith("57")
                        || st.equals("55P03") || st.equals("HYT00")) {
                    return Kind.TRANSIENT;
                }
                if (st.startsWith("22")) return Kind.DATA;
                if (st.startsWith("23")) return Kind.CONFLICT;
                return Kind.OTHER;
            }
        }
        return Kind.OTHER;
    }
}
