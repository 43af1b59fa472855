package io.obproxy.frontend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The password proofs of MySQL's two authentication plugins (shared/reference/mysql-protocol.md):
 * {@code mysql_native_password}: SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw)));
 * {@code caching_sha2_password}: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + scramble).
 */
final class Scrambles {
    static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scrambles() {
    }

    /** @return 20 random bytes, each 1 to 127 (never 0: the greeting NUL-terminates it) */
    static byte[] newScramble() {
        byte[] s = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            s[i] = (byte) (1 + RANDOM.nextInt(127));
        }
        return s;
    }

    static byte[] nativeProof(String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = digest("SHA-1", password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = digest("SHA-1", stage1);
        return xor(stage1, digest("SHA-1", scramble, stage2));
    }

    static byte[] sha2Proof(String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = digest("SHA-256", password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = digest("SHA-256", stage1);
        return xor(stage1, digest("SHA-256", stage2, scramble));
    }

    /** @return true when the client's proof matches the password, in constant time */
    static boolean matches(byte[] expected, byte[] given) {
        return MessageDigest.isEqual(expected, given == null ? new byte[0] : given);
    }

    /** @return {@code data} XOR the scramble repeated over its length */
    static byte[] xorRepeated(byte[] data, byte[] scramble) {
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (byte) (data[i] ^ scramble[i % scramble.length]);
        }
        return out;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
