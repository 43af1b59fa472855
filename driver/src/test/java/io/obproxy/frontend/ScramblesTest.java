package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.protocol.Security;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The proofs the front end expects are the ones a real client (Connector/J) computes. */
class ScramblesTest {
    private static final String PASSWORD = "pässwörd-42";

    @Test
    void nativeProofIsWhatConnectorJSends() {
        byte[] scramble = Scrambles.newScramble();
        assertArrayEquals(Security.scramble411(PASSWORD.getBytes(StandardCharsets.UTF_8), scramble),
                Scrambles.nativeProof(PASSWORD, scramble));
    }

    @Test
    void cachingSha2ProofIsWhatConnectorJSends() throws Exception {
        byte[] scramble = Scrambles.newScramble();
        assertArrayEquals(Security.scrambleCachingSha2(PASSWORD.getBytes(StandardCharsets.UTF_8), scramble),
                Scrambles.sha2Proof(PASSWORD, scramble));
    }

    @Test
    void scramblesAreRandomAndNeverHoldNul() {
        byte[] a = Scrambles.newScramble();
        assertEquals(Scrambles.LENGTH, a.length);
        for (byte b : a) {
            assertTrue(b > 0, "a NUL would end the greeting's scramble early");
        }
        assertFalse(Arrays.equals(a, Scrambles.newScramble()));
    }

    @Test
    void anEmptyPasswordHasAnEmptyProofAndAWrongOneNeverMatches() {
        byte[] scramble = Scrambles.newScramble();
        assertEquals(0, Scrambles.nativeProof("", scramble).length);
        assertTrue(Scrambles.matches(Scrambles.sha2Proof("", scramble), null));
        assertFalse(Scrambles.matches(Scrambles.sha2Proof(PASSWORD, scramble), Scrambles.sha2Proof("other", scramble)));
    }
}
