package io.obproxy.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed RSA key and certificate for {@code localhost} and {@code 127.0.0.1}, for the front
 * end's TLS in tests and on a developer's machine: made by the JDK's own {@code keytool} (every JDK
 * has it, and the JDK has no public API to sign a certificate), written in both forms the front end
 * reads: a PKCS12 keystore, and PEM files (certificate, PKCS#8 key). The certificate PEM is what a
 * client is given to verify the server with ({@code mariadb --ssl-ca}).
 *
 * @param keystore         the PKCS12 keystore (key and certificate)
 * @param keystorePassword its password
 * @param certificatePem   the certificate, PEM
 * @param privateKeyPem    the private key, PEM PKCS#8, unencrypted
 */
public record SelfSignedCertificate(Path keystore, String keystorePassword, Path certificatePem, Path privateKeyPem) {
    private static final String ALIAS = "frontend";

    /** Creates the key, the certificate (valid ten years) and their files in {@code dir}. */
    public static SelfSignedCertificate create(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path keystore = dir.resolve("frontend.p12");
        Files.deleteIfExists(keystore);
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password, "-noprompt");
        SelfSignedCertificate c = new SelfSignedCertificate(keystore, password, dir.resolve("frontend-cert.pem"),
                dir.resolve("frontend-key.pem"));
        c.writePem();
        return c;
    }

    private void writePem() throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, keystorePassword.toCharArray());
            Files.writeString(certificatePem, pem("CERTIFICATE", ks.getCertificate(ALIAS).getEncoded()),
                    StandardCharsets.US_ASCII);
            Files.writeString(privateKeyPem, pem("PRIVATE KEY", ks.getKey(ALIAS, keystorePassword.toCharArray()).getEncoded()),
                    StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("keytool wrote a keystore that cannot be read back: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(keytool + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }
}
