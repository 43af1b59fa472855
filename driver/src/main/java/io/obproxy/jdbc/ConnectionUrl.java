package io.obproxy.jdbc;

import io.obproxy.cluster.ServerAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jdbc:obproxy://host[:port][,host[:port]...][/database][?key=value[&key=value...]]},
 * parsed. Hosts are seeds: the cluster's server list comes from its metadata. IPv6 hosts go in
 * brackets; the port defaults to 2881 (OBServer's SQL port); values are URL-decoded. The host list
 * may be empty when the {@code clusters} or {@code configUrl} property names the clusters.
 */
record ConnectionUrl(List<ServerAddress> seeds, String database, Map<String, String> parameters) {
    static final String PREFIX = "jdbc:obproxy://";
    static final int DEFAULT_PORT = 2881;

    static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    static ConnectionUrl parse(String url) throws SQLException {
        if (!accepts(url)) {
            throw new SQLException("Not an obproxy URL: expected " + PREFIX + "host:port[,host:port...][/database]",
                    "08001");
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String params = query >= 0 ? rest.substring(query + 1) : "";
        rest = query >= 0 ? rest.substring(0, query) : rest;
        int slash = rest.indexOf('/');
        String hosts = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? decode(rest.substring(slash + 1)) : null;
        if (database != null && database.isEmpty()) {
            database = null;
        }
        List<ServerAddress> seeds = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (!host.isBlank()) {
                seeds.add(parseHost(host.trim(), url));
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : params.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq >= 0 ? pair.substring(0, eq) : pair);
            parameters.put(key, eq >= 0 ? decode(pair.substring(eq + 1)) : "");
        }
        return new ConnectionUrl(List.copyOf(seeds), database, parameters);
    }

    private static ServerAddress parseHost(String host, String url) throws SQLException {
        String name;
        String port = null;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new SQLException("Unclosed '[' in host '" + host + "' of URL " + redact(url), "08001");
            }
            name = host.substring(1, close);
            if (close + 1 < host.length() && host.charAt(close + 1) == ':') {
                port = host.substring(close + 2);
            }
        } else {
            int colon = host.lastIndexOf(':');
            name = colon >= 0 ? host.substring(0, colon) : host;
            port = colon >= 0 ? host.substring(colon + 1) : null;
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new SQLException("Invalid port '" + port + "' for host '" + name + "' in URL " + redact(url)
                        + ": expected 1..65535", "08001");
            }
        }
        return new ServerAddress(name, p);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** @return the URL with any password parameter's value hidden */
    static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /**
     * Parses the {@code clusters} property: {@code name=host[:port][,host[:port]...][;name=...]}.
     *
     * @return seeds per cluster name, in the order given
     */
    static java.util.Map<String, List<ServerAddress>> parseClusters(String value) throws SQLException {
        java.util.Map<String, List<ServerAddress>> clusters = new java.util.LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq > 0 ? entry.substring(0, eq).trim() : "";
            if (!name.matches("[A-Za-z0-9_.\\-]+") || clusters.containsKey(name)) {
                throw badClusters(value, "'" + entry.trim() + "' needs a distinct name of letters, digits, _ . -");
            }
            List<ServerAddress> seeds = new ArrayList<>();
            for (String host : entry.substring(eq + 1).split(",")) {
                if (!host.isBlank()) {
                    seeds.add(parseHost(host.trim(), value));
                }
            }
            if (seeds.isEmpty()) {
                throw badClusters(value, "cluster '" + name + "' has no host");
            }
            clusters.put(name, List.copyOf(seeds));
        }
        return clusters;
    }

    private static SQLException badClusters(String value, String why) {
        return new SQLException("Invalid value '" + value + "' for property clusters: " + why
                + "; expected name=host:port,host:port;name2=host:port", "HY024");
    }
}
