package io.obproxy.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Another driver instance, in a JVM of its own, driven through standard input by
 * {@link CrossInstanceIT}: one command a line, one answer a line on standard output.
 *
 * <ul>
 *   <li>{@code connect}: a new logical connection, which runs {@code SELECT 1}; answers {@code id <id>}</li>
 *   <li>{@code sleep}: {@code SELECT SLEEP(30)} on it; answers {@code ok} or {@code error <sqlstate> <code> <ms>}</li>
 *   <li>{@code select}: {@code SELECT 1}; answers the same way</li>
 *   <li>{@code open <n>}: n more logical connections, each having run {@code SELECT 1}; answers {@code opened <n>}</li>
 *   <li>{@code quit}</li>
 * </ul>
 */
public final class RemoteClient {
    private RemoteClient() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Connection connection = null;
        List<Connection> more = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            String[] command = line.split(" ");
            switch (command[0]) {
                case "connect":
                    connection = DriverManager.getConnection(url);
                    System.out.println("id " + scalar(connection, "SELECT CONNECTION_ID()"));
                    break;
                case "sleep":
                    System.out.println(run(connection, "SELECT SLEEP(30)"));
                    break;
                case "select":
                    System.out.println(run(connection, "SELECT 1"));
                    break;
                case "open":
                    for (int i = 0; i < Integer.parseInt(command[1]); i++) {
                        Connection c = DriverManager.getConnection(url);
                        scalar(c, "SELECT 1");
                        more.add(c);
                    }
                    System.out.println("opened " + more.size());
                    break;
                default:
                    System.out.println("unknown " + line);
            }
            System.out.flush();
        }
        for (Connection c : more) {
            c.close();
        }
        System.exit(0);
    }

    private static String run(Connection c, String sql) {
        long start = System.nanoTime();
        try {
            scalar(c, sql);
            return "ok";
        } catch (SQLException e) {
            return "error " + e.getSQLState() + " " + e.getErrorCode() + " " + (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
