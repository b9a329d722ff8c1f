package io.skygrid.server;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Operator credentials in the store: issue (rotate), list and revoke operator tokens. Used by the running
 * control plane (the {@code /api/v1/admin/operator-tokens} endpoints, which also update its in-memory token
 * table) and by {@code skygrid serve token ...} on a stopped server's database. Tokens are kept only as their
 * SHA-256 ({@link Tokens}); a token is identified by the first 12 hex characters of that hash.
 */
final class OperatorTokens {
    private OperatorTokens() {
    }

    /**
     * A token just issued: the only time it is shown.
     *
     * @param token         the bearer token
     * @param hash          its SHA-256 (hex)
     * @param id            its id
     * @param expiresWallMs when it stops working, Unix epoch ms, or -1 for never
     * @param revoked       the operator tokens revoked with its issue (id and hash)
     */
    record Issued(String token, String hash, String id, long expiresWallMs, List<Store.TokenRecord> revoked) {
    }

    /**
     * An operator token as listed (never the token itself).
     *
     * @param id        first 12 hex characters of its SHA-256
     * @param source    where it came from ({@code config}, {@code generated}, {@code rotated}, {@code legacy})
     * @param createdAt ISO-8601 UTC instant
     * @param expiresAt ISO-8601 UTC instant, or null for never
     * @param revokedAt ISO-8601 UTC instant, {@code unknown} if revoked before the time was recorded, or null
     * @param state     {@code active}, {@code expired} or {@code revoked}
     */
    record Info(String id, String source, String createdAt, String expiresAt, String revokedAt, String state) {
    }

    static String iso(long wallMs) {
        return wallMs < 0 ? null : Instant.ofEpochMilli(wallMs).toString();
    }

    /**
     * Issues a new operator token.
     *
     * @param source        stored source ({@code rotated}, {@code generated}, {@code config})
     * @param revokeOthers  whether every other active operator token is revoked in the same transaction
     * @param expiresWallMs expiry, Unix epoch ms, or -1 for never
     */
    static Issued issue(Store store, String source, boolean revokeOthers, long expiresWallMs, long nowWallMs) throws SQLException {
        return install(store, Tokens.newToken(), source, revokeOthers ? active(store, nowWallMs, true) : List.of(), expiresWallMs, nowWallMs);
    }

    /** Stores {@code token} (its hash) and revokes {@code revoke} in one transaction. */
    static Issued install(Store store, String token, String source, List<Store.TokenRecord> revoke, long expiresWallMs, long nowWallMs) {
        String hash = Tokens.hash(token);
        List<String> hashes = new ArrayList<>();
        for (Store.TokenRecord r : revoke) hashes.add(r.hash());
        Store.Op insert = Store.insertToken(hash, null, "operator", source, nowWallMs, expiresWallMs);
        Store.Op rev = Store.revokeTokens(hashes, nowWallMs);
        ControlPlane.await(store, store.write(b -> {
            rev.apply(b);
            insert.apply(b);
        }));
        return new Issued(token, hash, Tokens.id(hash), expiresWallMs, List.copyOf(revoke));
    }

    /** @return active operator tokens; with {@code includeExpired}, also those expired but not revoked */
    static List<Store.TokenRecord> active(Store store, long nowWallMs, boolean includeExpired) throws SQLException {
        List<Store.TokenRecord> out = new ArrayList<>();
        for (Store.TokenRecord r : store.loadTokenRecords(false, "operator")) {
            if (includeExpired || !expired(r, nowWallMs)) out.add(r);
        }
        return out;
    }

    static boolean expired(Store.TokenRecord r, long nowWallMs) {
        return r.expiresWallMs() >= 0 && nowWallMs >= r.expiresWallMs();
    }

    /** @return every operator token ever stored, revoked ones included, oldest first */
    static List<Info> list(Store store, long nowWallMs) throws SQLException {
        List<Info> out = new ArrayList<>();
        for (Store.TokenRecord r : store.loadTokenRecords(true, "operator")) {
            String state = r.revoked() ? "revoked" : expired(r, nowWallMs) ? "expired" : "active";
            out.add(new Info(Tokens.id(r.hash()), r.source(), iso(r.createdWallMs()), iso(r.expiresWallMs()),
                    r.revokedWallMs() == -2 ? "unknown" : iso(r.revokedWallMs()), state));
        }
        return out;
    }

    /**
     * Revokes the operator token with this id.
     *
     * @return the revoked token
     * @throws ApiException 404 if no unrevoked operator token has this id; 409 if it is the last one that works
     *                      (rotate instead, so that the operators are not locked out)
     */
    static Store.TokenRecord revoke(Store store, String id, long nowWallMs) throws SQLException {
        List<Store.TokenRecord> act = active(store, nowWallMs, true);
        Store.TokenRecord hit = null;
        int working = 0;
        for (Store.TokenRecord r : act) {
            if (!expired(r, nowWallMs)) working++;
            if (Tokens.id(r.hash()).equalsIgnoreCase(id)) hit = r;
        }
        if (hit == null) throw ApiException.notFound("no unrevoked operator token with id '" + id + "'");
        if (!expired(hit, nowWallMs) && working == 1) {
            throw new ApiException(409, "Conflict", "operator token " + id + " is the only one that works; revoking it would lock every"
                    + " operator out: issue a new one first (POST /api/v1/admin/operator-tokens with revokeOthers, or skygrid serve token rotate)");
        }
        ControlPlane.await(store, store.write(Store.revokeTokens(List.of(hit.hash()), nowWallMs)));
        return hit;
    }
}
