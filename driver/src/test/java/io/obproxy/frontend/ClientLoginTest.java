package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a client's logical connection is opened with: the front end's URL without its database; the server's own errors. */
class ClientLoginTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:obproxy://h1:2881,h2:2881/test                                  | jdbc:obproxy://h1:2881,h2:2881
            jdbc:obproxy://h1:2881/test?instanceId=7&adminUsers=root%40t          | jdbc:obproxy://h1:2881?instanceId=7&adminUsers=root%40t
            jdbc:obproxy://h1:2881?database=test&routePolicy=FOLLOWER_ONLY       | jdbc:obproxy://h1:2881?routePolicy=FOLLOWER_ONLY
            jdbc:obproxy://h1:2881/?DataBase=x                                    | jdbc:obproxy://h1:2881
            jdbc:obproxy://[::1]:2881/db?databases=kept                           | jdbc:obproxy://[::1]:2881?databases=kept
            jdbc:obproxy:///test?clusters=a%3Dh%3A1                               | jdbc:obproxy://?clusters=a%3Dh%3A1
            JDBC:OBPROXY://h1                                                     | JDBC:OBPROXY://h1
            """)
    void theFrontEndsUrlLosesItsDatabase(String url, String expected) {
        assertEquals(expected, ClientLogin.withoutDatabase(url));
    }

    @Test
    void aLoginFailureReachesTheClientAsTheServerSentIt() {
        SQLException server = new SQLException("Too many connections", "08004", 1040);
        SQLException wrapped = new SQLException("Cannot open a connection to server 10.0.0.1:2881: Too many connections",
                "08004", 1040, server);
        assertSame(server, ClientLogin.serverError(wrapped));
        SQLException greeting = new SQLException("Server rejected the connection, message from server: \"Too many"
                + " connections\"", "08004", 1040);
        SQLException said = ClientLogin.serverError(new SQLException("Cannot open a connection to server"
                + " 10.0.0.1:2881: " + greeting.getMessage(), "08004", 1040, greeting));
        assertEquals("Too many connections", said.getMessage());
        assertEquals("08004", said.getSQLState());
        assertEquals(1040, said.getErrorCode());
        SQLException own = new SQLException("Unknown database 'x'", "42000", 1049);
        assertSame(own, ClientLogin.serverError(own));
    }
}
