package io.obproxy.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OceanBase config server for sandbox clusters (odp-facts section 7), on the JDK's HTTP server:
 * {@code GET /services?Action=ObRootServiceInfo[&ObCluster=name][&version=2]} answers
 * {@code {"Code":200,"Success":true,"Data":{...}}} with, per cluster, its name, id, role (the user
 * tenant's role: PRIMARY or STANDBY, as it is now) and root-service list (every node: address
 * {@code ip:rpc_port}, role, {@code sql_port}). Without {@code ObCluster} and with
 * {@code version=2}, {@code Data} lists every cluster; without either, it is the first cluster.
 * An unknown cluster answers {@code Code} 404.
 */
public final class SandboxConfigServer implements AutoCloseable {
    private final HttpServer server;
    private final List<SandboxCluster> clusters = new CopyOnWriteArrayList<>();

    private SandboxConfigServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on a free port of 127.0.0.1. */
    public static SandboxConfigServer start(SandboxCluster... clusters) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        SandboxConfigServer configServer = new SandboxConfigServer(http);
        configServer.clusters.addAll(List.of(clusters));
        http.createContext("/services", configServer::answer);
        http.start();
        return configServer;
    }

    /** @return the URL that lists every cluster ({@code version=2}) */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services?Action=ObRootServiceInfo&version=2";
    }

    private void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        String name = parameter(query, "ObCluster");
        boolean list = "2".equals(parameter(query, "version")) && name == null;
        List<String> data = new ArrayList<>();
        for (SandboxCluster c : clusters) {
            if (name == null || name.equals(c.config().clusterName())) {
                data.add(cluster(c));
            }
        }
        String body;
        if (data.isEmpty()) {
            body = "{\"Code\":404,\"Message\":\"no cluster " + (name == null ? "" : name) + "\",\"Success\":false}";
        } else {
            body = "{\"Code\":200,\"Message\":\"successful\",\"Success\":true,\"Data\":"
                    + (list ? "[" + String.join(",", data) + "]" : data.get(0)) + "}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String cluster(SandboxCluster c) {
        StringBuilder rs = new StringBuilder();
        for (SandboxNode node : c.nodes()) {
            rs.append(rs.length() == 0 ? "" : ",").append("{\"address\":\"").append(node.host()).append(':')
                    .append(node.serverPort()).append("\",\"role\":\"").append(node.id() == 1 ? "LEADER" : "FOLLOWER")
                    .append("\",\"sql_port\":").append(node.port()).append('}');
        }
        return "{\"ObCluster\":\"" + c.config().clusterName() + "\",\"ObClusterId\":" + c.config().clusterId()
                + ",\"Type\":\"" + c.tenantRole() + "\",\"RsList\":[" + rs + "]}";
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
