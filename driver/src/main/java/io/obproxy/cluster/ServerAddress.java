package io.obproxy.cluster;

import java.util.Objects;

/** Where an OBServer takes SQL connections: host (IP or name) and SQL port. */
public record ServerAddress(String host, int port) {
    /** Parses {@code host:port} (IPv6 in brackets); null when the text is not such an address. */
    public static ServerAddress parse(String text) {
        if (text == null) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return port > 0 && port < 65536 ? new ServerAddress(host, port) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /*
     * equals and hashCode are written out: a record's own go through method handles
     * (java.lang.runtime.ObjectMethods), which the JIT does not fold away, and every statement's
     * route compares addresses several times (docs/benchmarks.md, "The floor of a Java proxy here").
     */

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerAddress other && port == other.port && Objects.equals(host, other.host);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(host) + port;
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
