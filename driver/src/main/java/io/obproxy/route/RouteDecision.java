package io.obproxy.route;

import io.obproxy.cluster.ServerAddress;

/** Where one statement goes, and why. */
public record RouteDecision(ServerAddress server, RouteReason reason) {
}
