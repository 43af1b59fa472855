package io.obproxy.session;

import static io.obproxy.session.FakeSession.A;
import static io.obproxy.session.FakeSession.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.obproxy.cluster.ServerAddress;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code SET @obproxy_route_addr}: only a server of the cluster's list may be named (MySQL's 1231
 * otherwise, and no connection is opened anywhere); '' and 0 free the route again.
 */
class ForcedRouteTest {
    /** The session runs on A, then sets the route; answer: 1231, or where the next statement runs. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # value               | answer
            '10.0.0.2:2881'       | 10.0.0.2:2881
            '10.0.0.1:2881'       | 10.0.0.1:2881
            ''                    | 10.0.0.1:2881
            0                     | 10.0.0.1:2881
            '10.0.0.9:2881'       | 1231
            '10.0.0.2:2882'       | 1231
            '192.168.1.1:2881'    | 1231
            'not an address'      | 1231
            ':2881'               | 1231
            """)
    void onlyAServerOfTheClusterMayBeForced(String value, String answer) throws SQLException {
        FakeSession f = new FakeSession(A, B);
        f.startOn(A);
        int opened = f.servers.opened();
        String set = "SET @obproxy_route_addr = " + value;
        if (answer.equals("1231")) {
            SQLException e = assertThrows(SQLException.class, () -> f.run(set));
            assertEquals(1231, e.getErrorCode(), e.getMessage());
            assertEquals(opened, f.servers.opened(), "no connection opened");
            assertEquals(A, f.run("SELECT * FROM t"), "the route is as it was");
        } else {
            f.run(set);
            assertEquals(ServerAddress.parse(answer), f.run("SELECT * FROM t"));
        }
        assertEquals(0, f.servers.sends(set), "answered by the driver, never sent");
    }
}
