package io.obproxy.session;

import io.obproxy.route.RoutePolicy;

/**
 * A connection's routing choices from its configuration.
 *
 * @param policy            route policy of weak reads
 * @param idc               the client's IDC (ODP's {@code proxy_idc_name}), or empty; a session's
 *                          {@code @proxy_idc_name} overrides it
 * @param weakByDefault     plain SELECTs outside transactions are weak reads unless hinted STRONG
 * @param readOnlyWeakReads {@code Connection.setReadOnly(true)} makes plain SELECTs weak reads
 * @param failoverTimeoutMillis how long one statement may be sent again after failures that allow it
 * @param standbyWeakReads  weak reads go to a cluster where the tenant is STANDBY, when one is up
 */
public record RoutingSettings(RoutePolicy policy, String idc, boolean weakByDefault, boolean readOnlyWeakReads,
                              long failoverTimeoutMillis, boolean standbyWeakReads) {
}
