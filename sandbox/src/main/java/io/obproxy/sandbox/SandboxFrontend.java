package io.obproxy.sandbox;

import io.obproxy.frontend.FrontendOption;
import io.obproxy.frontend.FrontendServer;
import io.obproxy.frontend.FrontendSettings;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The front end next to a sandbox cluster (the CLI starts one, tests start their own): on
 * 127.0.0.1, for the cluster's URL, with the tenant user in its users file so that clients limited
 * to {@code mysql_native_password} (the mariadb command line) log in with the printed password;
 * other logins are passed through to the cluster. TLS with a self-signed certificate when given one.
 */
public final class SandboxFrontend {
    private SandboxFrontend() {
    }

    /**
     * @param port  0 for any free port
     * @param tls   the certificate to serve TLS with, or null for none
     * @param extra further options (they win over the ones chosen here)
     */
    public static FrontendServer start(SandboxCluster cluster, int port, SelfSignedCertificate tls,
                                       Map<FrontendOption, String> extra) throws IOException {
        Map<FrontendOption, String> options = new EnumMap<>(FrontendOption.class);
        options.put(FrontendOption.LISTEN, "127.0.0.1:" + port);
        options.put(FrontendOption.URL, "jdbc:obproxy://" + cluster.seeds() + "/" + cluster.config().database());
        if (tls != null) {
            options.put(FrontendOption.TLS_KEYSTORE, tls.keystore().toString());
            options.put(FrontendOption.TLS_KEYSTORE_PASSWORD, tls.keystorePassword());
        }
        options.putAll(extra);
        return FrontendServer.start(FrontendSettings.of(options,
                Map.of(cluster.tenantUser(), new String[] {cluster.password()})));
    }
}
