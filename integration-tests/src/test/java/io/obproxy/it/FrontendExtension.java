package io.obproxy.it;

import io.obproxy.frontend.FrontendServer;
import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxFrontend;
import io.obproxy.sandbox.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one front end (TLS on, self-signed) over the shared sandbox cluster of
 * {@link SandboxExtension}, in this JVM: started on first use, closed when the run ends (the root
 * store closes what it holds, before the cluster's shutdown hook stops the nodes).
 */
public final class FrontendExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FrontendEndpoint.class || type == SandboxCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SandboxCluster cluster = SandboxExtension.shared(context);
        if (parameter.getParameter().getType() == SandboxCluster.class) {
            return cluster;
        }
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.computeIfAbsent(FrontendEndpoint.class, k -> start(cluster), FrontendEndpoint.class);
    }

    private static FrontendEndpoint start(SandboxCluster cluster) {
        try (Connection c = cluster.connect(cluster.node(1))) {
            Sql.exec(c, "CREATE USER IF NOT EXISTS '" + FrontendEndpoint.APP_USER + "'@'%' IDENTIFIED BY '"
                    + FrontendEndpoint.APP_PASSWORD + "'");
            Sql.exec(c, "GRANT ALL ON test.* TO '" + FrontendEndpoint.APP_USER + "'@'%'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the pass-through user", e);
        }
        cluster.awaitReplication(Duration.ofSeconds(10));
        try {
            SelfSignedCertificate tls = SelfSignedCertificate.create(cluster.workDir().resolve("tls"));
            FrontendServer server = SandboxFrontend.start(cluster, 0, tls, Map.of());
            return new FrontendEndpoint(cluster, server, tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
