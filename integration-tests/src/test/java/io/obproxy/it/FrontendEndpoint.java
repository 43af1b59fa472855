package io.obproxy.it;

import io.obproxy.frontend.FrontendServer;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SelfSignedCertificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A front end over the shared sandbox cluster, as tests reach it: its port, the tenant user (in
 * its users file, so native-password clients log in), a cluster user it does not know (its logins
 * are passed through for the cluster to check), its TLS certificate, and Connector/J connections.
 */
record FrontendEndpoint(SandboxCluster cluster, FrontendServer server, SelfSignedCertificate tls) implements AutoCloseable {
    /** A user of the cluster only (all privileges on test): the front end passes its logins through. */
    static final String APP_USER = "fe_app";
    static final String APP_PASSWORD = "fe-App-Password-7";

    int port() {
        return server.address().getPort();
    }

    String user() {
        return cluster.tenantUser();
    }

    String password() {
        return cluster.password();
    }

    /** @return a plain {@code jdbc:mysql://} URL of the front end, database test, with these parameters */
    String mysqlUrl(String parameters) {
        return "jdbc:mysql://127.0.0.1:" + port() + "/test?sslMode=DISABLED&" + parameters;
    }

    @Override
    public void close() {
        server.close();
    }

    /** @return a Connector/J connection through the front end as the tenant user */
    Connection connect(String parameters) throws SQLException {
        return DriverManager.getConnection(mysqlUrl(parameters), user(), password());
    }
}
