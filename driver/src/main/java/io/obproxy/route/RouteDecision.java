package io.obproxy.route;

import io.obproxy.cluster.ServerAddress;

/**
 * Where one statement goes, and why.
 *
 * @param inClientIdc a weak read sent to a replica in the client's IDC ({@code proxyIdcName}, or the
 *                    session's {@code @proxy_idc_name}); counted apart by the metrics
 */
public record RouteDecision(ServerAddress server, RouteReason reason, boolean inClientIdc) {
    public RouteDecision(ServerAddress server, RouteReason reason) {
        this(server, reason, false);
    }
}
