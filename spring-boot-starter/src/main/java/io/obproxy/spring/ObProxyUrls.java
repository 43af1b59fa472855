package io.obproxy.spring;

/** Tells a {@code jdbc:obproxy:} URL from others, as the driver's {@code acceptsURL} does. */
final class ObProxyUrls {
    static final String PREFIX = "jdbc:obproxy:";

    private ObProxyUrls() {
    }

    /** @return true when {@code url} starts with {@value #PREFIX}, in any case */
    static boolean isObProxy(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }
}
