package io.obproxy.frontend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The front end's TLS context: from a PKCS12 keystore, or a PEM certificate chain and PKCS#8 PEM key. */
final class Tls {
    private Tls() {
    }

    /** @return the context the settings name, or null when TLS is not configured */
    static SSLContext context(FrontendSettings s) throws IOException {
        try {
            KeyStore keys;
            char[] password;
            if (s.get(FrontendOption.TLS_KEYSTORE) != null) {
                password = s.get(FrontendOption.TLS_KEYSTORE_PASSWORD).toCharArray();
                keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(Path.of(s.get(FrontendOption.TLS_KEYSTORE)))) {
                    keys.load(in, password);
                }
            } else if (s.get(FrontendOption.TLS_CERT) != null) {
                password = new char[0];
                keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                Collection<? extends Certificate> chain;
                try (InputStream in = Files.newInputStream(Path.of(s.get(FrontendOption.TLS_CERT)))) {
                    chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                keys.setKeyEntry("frontend", pemKey(Path.of(s.get(FrontendOption.TLS_KEY))), password,
                        chain.toArray(new Certificate[0]));
            } else {
                return null;
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS key or certificate not usable: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pemKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(file + ": expected a PKCS#8 key ('BEGIN PRIVATE KEY'); convert with"
                    + " 'openssl pkcs8 -topk8 -nocrypt'");
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // try the next
            }
        }
        throw new IllegalArgumentException(file + ": neither an RSA nor an EC key");
    }
}
