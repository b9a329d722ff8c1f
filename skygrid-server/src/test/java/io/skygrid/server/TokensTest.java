package io.skygrid.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The screen of configured operator tokens: short, repeated and low-entropy tokens are refused with the reason. */
class TokensTest {
    @Test
    void shortRepeatedAndLowEntropyTokensAreRefusedWithTheReasonAndTheRemedy() {
        assertThat(Tokens.weakness("x")).startsWith("is 1 character long; at least 32");
        // found by an attack: a CR from an env file, spaces, and guessable patterns that passed the entropy rule
        String hex = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f7";
        assertThat(Tokens.weakness(hex)).isNull();
        assertThat(Tokens.weakness(hex + "\r")).startsWith("contains a carriage return (CR) at position 65");
        assertThat(Tokens.weakness(" " + hex)).startsWith("contains a space at position 1");
        assertThat(Tokens.weakness(hex.substring(0, 20) + "\u00e9" + hex.substring(20))).startsWith("contains the character U+00E9");
        assertThat(Tokens.weakness("abcdefghijklmnopqrstuvwxyz0123456789")).startsWith("is mostly one run of consecutive characters");
        assertThat(Tokens.weakness("0123456789abcdef0123456789abcdefXYZ")).startsWith("contains '01234567' twice");
        assertThat(Tokens.weakness("correcthorsebatterystaplecorrecthorse")).startsWith("contains 'correcth' twice");
        assertThat(Tokens.weakness("Ab1!Cd2@Ef3#Gh4$Ab1!Cd2@Ef3#Gh4$x")).startsWith("contains 'Ab1!Cd2@' twice");
        assertThat(Tokens.weakness("0123456789abcdef0123456789abcde")).startsWith("is 31 characters long");
        assertThat(Tokens.weakness("a".repeat(40))).startsWith("repeats one character over and over");
        assertThat(Tokens.weakness("password".repeat(5))).startsWith("repeats the same 8 characters over and over");
        assertThat(Tokens.weakness("passwordpasswordpasswordpassword1")).startsWith("has only 8 distinct characters");
        // 12 distinct characters, but one of them is most of the token
        assertThat(Tokens.weakness("abcdefghijk" + "z".repeat(40))).startsWith("does not look random (");
        for (String bad : new String[] {"x", "a".repeat(40), "password".repeat(5)}) {
            assertThat(Tokens.weakness(bad)).contains("openssl rand -hex 32").doesNotContain(bad.length() > 1 ? bad : "\u0000");
        }
    }

    @Test
    void generatedAndOpensslTokensPass() {
        for (int i = 0; i < 200; i++) assertThat(Tokens.weakness(Tokens.newToken())).isNull();
        java.security.SecureRandom r = new java.security.SecureRandom();
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[32];
            r.nextBytes(b);
            String hex = java.util.HexFormat.of().formatHex(b);
            assertThat(Tokens.weakness(hex)).as(hex).isNull();
        }
        // the tokens the other tests configure
        assertThat(Tokens.weakness(ApiContract.OP)).isNull();
        assertThat(Tokens.weakness(CrashContract.OP)).isNull();
        assertThat(Tokens.weakness(LoadContract.OP)).isNull();
        assertThat(Tokens.weakness(OrbitalPowerTest.OP)).isNull();
        assertThat(Tokens.weakness(DashboardBrowserTest.OP)).isNull();
    }

    @Test
    void periodFindsTheShortestRepeatedPiece() {
        assertThat(Tokens.period("abcabcabc")).isEqualTo(3);
        assertThat(Tokens.period("abcabcab")).isEqualTo(8);
        assertThat(Tokens.period("aaaa")).isEqualTo(1);
        assertThat(Tokens.period("abcd")).isEqualTo(4);
    }
}
