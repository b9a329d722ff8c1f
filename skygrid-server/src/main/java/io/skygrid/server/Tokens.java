package io.skygrid.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: 256 random bits from {@link SecureRandom}, shown once as {@code sg_} + base64url, and
 * stored only as their SHA-256 digest. A fast unsalted hash suffices for random high-entropy secrets
 * (unlike passwords, they cannot be guessed from a dictionary): OWASP Password Storage Cheat Sheet and
 * NIST SP 800-63B section 5.1.1 call for slow salted hashing of memorised secrets only. Digests are
 * compared with {@link MessageDigest#isEqual}, which takes time independent of where they differ.
 */
public final class Tokens {
    /** Prefix of every token, so leaked tokens are recognisable by secret scanners. */
    public static final String PREFIX = "sg_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** @return a new token: {@code sg_} followed by 43 base64url characters (256 bits) */
    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** @return SHA-256 of the token's UTF-8 bytes */
    public static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** @return lower-case hex of the token's SHA-256 (64 characters), the stored form */
    public static String hash(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    /** @return whether two digests are equal, in time independent of their contents */
    public static boolean sameDigest(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
