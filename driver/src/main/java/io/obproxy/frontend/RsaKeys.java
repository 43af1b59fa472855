package io.obproxy.frontend;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * The front end's RSA key pair, made at start (2048 bits): {@code caching_sha2_password} clients
 * without TLS ask for the public key (PEM) and send their password encrypted with it, with
 * RSA-OAEP (the padding clients use with servers from 8.0.5 on).
 */
final class RsaKeys {
    private final KeyPair pair;
    private final byte[] publicPem;

    RsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded());
        publicPem = ("-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    byte[] publicPem() {
        return publicPem;
    }

    /** @return the password a client encrypted: RSA-OAEP decryption, XOR the scramble, NUL removed */
    String decryptPassword(byte[] encrypted, byte[] scramble) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        cipher.init(Cipher.DECRYPT_MODE, pair.getPrivate());
        return withoutNul(Scrambles.xorRepeated(cipher.doFinal(encrypted), scramble));
    }

    /** @return the text of a password sent as bytes ending with NUL */
    static String withoutNul(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
