package io.obproxy.it;

import io.obproxy.sandbox.SandboxCluster;
import io.obproxy.sandbox.SandboxConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one 3-node sandbox cluster per test run: started on first use, kept in the root
 * store, closed (every node stopped) when the run ends. Tests keep to their own tables so that
 * they stay independent of each other's data.
 */
public final class SandboxExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SandboxCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    static SandboxCluster shared(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.computeIfAbsent(SandboxCluster.class,
                k -> SandboxCluster.start(SandboxConfig.builder().clusterName("itcluster").build()),
                SandboxCluster.class);
    }
}
