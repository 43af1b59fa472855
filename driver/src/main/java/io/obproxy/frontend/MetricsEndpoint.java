package io.obproxy.frontend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.obproxy.cluster.DaemonThreads;
import io.obproxy.metrics.ClusterMetrics;
import io.obproxy.metrics.DriverMetrics;
import io.obproxy.metrics.FrontendMetrics;
import io.obproxy.metrics.Metric;
import io.obproxy.metrics.PrometheusText;
import io.obproxy.metrics.ServerMetrics;
import io.obproxy.metrics.Series;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The front end's HTTP endpoint ({@code --metrics-listen}), on the JDK's own HTTP server, one daemon
 * thread: {@code GET /metrics} answers every series (its clusters', its own) in Prometheus's text
 * format; {@code GET /health} answers JSON with each cluster's servers and their health, status 200
 * while every cluster has a server that is not DEAD (or no client has logged in yet), else 503.
 * Anything else is 404, any method but GET and HEAD 405. Nothing here can change the front end.
 */
final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(DaemonThreads.named("obproxy-frontend-metrics"));
    private final DriverMetrics driver;
    private final FrontendMetrics frontend;

    private MetricsEndpoint(InetSocketAddress address, DriverMetrics driver, FrontendMetrics frontend) throws IOException {
        this.driver = driver;
        this.frontend = frontend;
        this.http = HttpServer.create(new InetSocketAddress(address.getHostString(), address.getPort()), 16);
        http.setExecutor(thread);
        http.createContext("/", this::handle);
    }

    /** @return the endpoint, serving on {@code address} */
    static MetricsEndpoint start(InetSocketAddress address, DriverMetrics driver, FrontendMetrics frontend)
            throws IOException {
        MetricsEndpoint endpoint = new MetricsEndpoint(address, driver, frontend);
        endpoint.http.start();
        return endpoint;
    }

    /** @return where it serves */
    InetSocketAddress address() {
        return http.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
            } else if (path.equals("/metrics")) {
                List<Series> series = new ArrayList<>(driver.series());
                series.addAll(frontend.series());
                send(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.format(series));
            } else if (path.equals("/health")) {
                boolean up = driver.clusters().stream().allMatch(MetricsEndpoint::anyServerUp);
                send(exchange, up ? 200 : 503, "application/json", health(up));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "/metrics or /health\n");
            }
        }
    }

    private static boolean anyServerUp(ClusterMetrics cluster) {
        return cluster.servers().stream().anyMatch(s -> !s.health().equals("DEAD"));
    }

    /**
     * @return {"status":"UP","clusters":[{"cluster":..,"active":n,"inactive":n,"locationCacheEntries":n,
     * "serverListAgeSeconds":n,"servers":[{"server":..,"health":..,"physicalConnections":n}]}]}
     */
    private String health(boolean up) {
        StringBuilder sb = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"clusters\":[");
        String comma = "";
        for (ClusterMetrics cluster : driver.clusters()) {
            List<ServerMetrics> servers = cluster.servers();
            long inactive = servers.stream().filter(s -> s.health().equals("DEAD")).count();
            sb.append(comma).append("{\"cluster\":").append(json(cluster.name())).append(",\"active\":")
                    .append(servers.size() - inactive).append(",\"inactive\":").append(inactive)
                    .append(",\"locationCacheEntries\":").append(cluster.total(Metric.LOCATION_CACHE_ENTRIES))
                    .append(",\"serverListAgeSeconds\":").append(cluster.total(Metric.SERVER_LIST_AGE))
                    .append(",\"servers\":[");
            String inner = "";
            for (ServerMetrics s : servers) {
                sb.append(inner).append("{\"server\":").append(json(s.address())).append(",\"health\":\"")
                        .append(s.health()).append("\",\"physicalConnections\":").append(s.physicalConnections())
                        .append('}');
                inner = ",";
            }
            sb.append("]}");
            comma = ",";
        }
        return sb.append("]}\n").toString();
    }

    private static String json(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        thread.shutdownNow();
    }
}
