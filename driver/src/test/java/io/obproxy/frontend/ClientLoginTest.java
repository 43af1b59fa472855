package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a client's logical connection is opened with: the front end's URL without its database. */
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
}
