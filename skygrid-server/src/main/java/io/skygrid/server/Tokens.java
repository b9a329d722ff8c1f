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

    /** Shortest operator token accepted from configuration, characters. */
    public static final int MIN_CONFIGURED_LENGTH = 32;
    /** Fewest distinct characters a configured token must have. */
    static final int MIN_DISTINCT = 10;
    /** Least Shannon entropy of a configured token's character frequencies, bits per character. */
    static final double MIN_BITS_PER_CHAR = 3.0;

    /**
     * Checks that a token given in configuration ({@code operator.token}, {@code SKYGRID_OPERATOR_TOKEN}) looks
     * random: at least {@value #MIN_CONFIGURED_LENGTH} characters, not a shorter piece repeated (a word or one
     * character over and over), at least {@value #MIN_DISTINCT} distinct characters and at least
     * {@value #MIN_BITS_PER_CHAR} bits per character of Shannon entropy over its character frequencies
     * ({@code openssl rand -hex 32} gives about 3.9). This is a screen against placeholders and passwords, not
     * a proof of randomness.
     *
     * @return what is wrong (a sentence, never containing the token) followed by how to make a good one, or
     * null if the token passes
     */
    public static String weakness(String token) {
        String why = null;
        int n = token.length();
        int bad = firstNotVisibleAscii(token);
        if (bad >= 0) {
            // an HTTP header trims spaces and cannot carry controls: such a token could never be presented
            why = "contains " + describe(token.charAt(bad)) + " at position " + (bad + 1) + " (a token is visible ASCII only: no spaces,"
                    + " tabs or line ends, e.g. from a CRLF env file)";
        } else if (n < MIN_CONFIGURED_LENGTH) {
            why = "is " + n + (n == 1 ? " character" : " characters") + " long; at least " + MIN_CONFIGURED_LENGTH + " random-looking characters are required";
        } else {
            int period = period(token);
            if (period < n) {
                why = "repeats " + (period == 1 ? "one character" : "the same " + period + " characters") + " over and over";
            } else {
                java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
                token.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
                double bits = 0;
                int len = (int) token.codePoints().count();
                for (int c : counts.values()) {
                    double q = (double) c / len;
                    bits -= q * Math.log(q) / Math.log(2);
                }
                if (counts.size() < MIN_DISTINCT) {
                    why = "has only " + counts.size() + " distinct characters (at least " + MIN_DISTINCT + " are required)";
                } else if (bits < MIN_BITS_PER_CHAR) {
                    why = String.format(java.util.Locale.ROOT, "does not look random (%.1f bits per character; at least %.1f are required)",
                            bits, MIN_BITS_PER_CHAR);
                } else if (repeatedPiece(token, REPEAT_MIN) != null) {
                    why = "contains '" + repeatedPiece(token, REPEAT_MIN) + "' twice (a repeated piece of " + REPEAT_MIN + " or more characters"
                            + " is guessable)";
                } else if (2 * longestRun(token) > n) {
                    why = "is mostly one run of consecutive characters (like abcdef or 98765), which is guessable";
                }
            }
        }
        if (why == null) return null;
        return why + "; generate one with `openssl rand -hex 32`, or leave operator.token unset and serve creates one"
                + " (shown once and written to the data folder's operator.token)";
    }

    /** Shortest piece whose second occurrence makes a configured token guessable ({@link #weakness}). */
    static final int REPEAT_MIN = 8;

    /** @return the index of the first character outside visible ASCII (0x21-0x7E), or -1 */
    static int firstNotVisibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) return i;
        }
        return -1;
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '\r' -> "a carriage return (CR)";
            case '\n' -> "a line feed (LF)";
            default -> String.format(java.util.Locale.ROOT, "the character U+%04X", (int) c);
        };
    }

    /** @return a piece of {@code min} characters that occurs twice in {@code s} (overlaps allowed), or null */
    static String repeatedPiece(String s, int min) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i + min <= s.length(); i++) {
            String piece = s.substring(i, i + min);
            if (!seen.add(piece)) return piece;
        }
        return null;
    }

    /** @return the length of the longest run of characters each one above (or each one below) the previous */
    static int longestRun(String s) {
        int best = s.isEmpty() ? 0 : 1;
        int up = 1;
        int down = 1;
        for (int i = 1; i < s.length(); i++) {
            int d = s.charAt(i) - s.charAt(i - 1);
            up = d == 1 ? up + 1 : 1;
            down = d == -1 ? down + 1 : 1;
            best = Math.max(best, Math.max(up, down));
        }
        return best;
    }

    /** @return the length of the shortest piece that, repeated, makes up {@code s} (its length if none) */
    static int period(String s) {
        int n = s.length();
        int[] fail = new int[n + 1];
        fail[0] = -1;
        for (int i = 0, k = -1; i < n; ) {
            while (k >= 0 && s.charAt(k) != s.charAt(i)) k = fail[k];
            fail[++i] = ++k;
        }
        int p = n - fail[n];
        return n % p == 0 ? p : n;
    }

    /**
     * @param hashHex the stored form of a token ({@link #hash})
     * @return its public id: the first 12 hex characters of its SHA-256 (which reveal nothing of the token)
     */
    public static String id(String hashHex) {
        return hashHex.substring(0, 12);
    }
}
