package io.obproxy.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an OceanBase config server (ODP's {@code obproxy_config_server_url}, odp-facts section 7):
 * {@code {"Code":200,"Success":true,"Data":{"ObCluster":..,"ObClusterId":..,"Type":"PRIMARY"|"STANDBY",
 * "RsList":[{"address":"ip:rpc_port","role":..,"sql_port":2881}]}}}, {@code Data} being one
 * cluster or, with {@code version=2}, a list. Each cluster's seeds are its root servers' SQL
 * addresses.
 */
public final class ConfigServer {
    /** One cluster the config server describes. */
    public record Entry(String name, long id, String type, List<ServerAddress> seeds) {
    }

    private ConfigServer() {
    }

    /**
     * @throws SQLException (SQLSTATE 08001) when the server cannot be read or its answer is not the
     *                      expected JSON; the message says which and shows the URL
     */
    public static List<Entry> read(String url, int timeoutMillis) throws SQLException {
        String body;
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
            http.setConnectTimeout(timeoutMillis);
            http.setReadTimeout(timeoutMillis);
            try (InputStream in = http.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                http.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SQLException("Config server " + url + " cannot be read: " + e, "08001", e);
        }
        try {
            return entries(Json.parse(body));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new SQLException("Config server " + url + " answered what is not a cluster list ("
                    + e.getMessage() + "): " + abbreviate(body), "08001", e);
        }
    }

    static List<Entry> entries(Object answer) {
        Map<?, ?> root = (Map<?, ?>) answer;
        if (!Boolean.TRUE.equals(root.get("Success")) || !Long.valueOf(200).equals(root.get("Code"))) {
            throw new IllegalArgumentException("Code " + root.get("Code") + ", Message " + root.get("Message"));
        }
        Object data = root.get("Data");
        List<Entry> entries = new ArrayList<>();
        for (Object cluster : data instanceof List ? (List<?>) data : List.of(data)) {
            Map<?, ?> c = (Map<?, ?>) cluster;
            List<ServerAddress> seeds = new ArrayList<>();
            for (Object rs : (List<?>) c.get("RsList")) {
                Map<?, ?> server = (Map<?, ?>) rs;
                String address = (String) server.get("address");
                String ip = address.substring(0, address.lastIndexOf(':'));
                seeds.add(new ServerAddress(ip, ((Number) server.get("sql_port")).intValue()));
            }
            Object id = c.get("ObClusterId");
            entries.add(new Entry((String) c.get("ObCluster"), id == null ? 0 : ((Number) id).longValue(),
                    String.valueOf(c.get("Type")), List.copyOf(seeds)));
        }
        return entries;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
