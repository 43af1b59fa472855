package io.obproxy.route;

/** No server may run the statement under the rules in force (a weak read with FOLLOWER_ONLY and no follower up). */
public final class NoRouteException extends Exception {
    public NoRouteException(String message) {
        super(message, null, false, false);
    }
}
