package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.obproxy.jdbc.PreClassified;
import io.obproxy.process.ProcessRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a client that caches column definitions (MARIADB_CLIENT_CACHE_METADATA), without
 * DEPRECATE_EOF, gets for relayed results: the column count with its "metadata follows" flag, the
 * definitions only when they are not the ones it holds for the statement, and the EOF after the
 * definitions even when they are left out, as the MariaDB node answers such a client
 * ({@code 0200}, {@code fe00000200} for a second execution, captured from MariaDB 10.11.5). The
 * node's own bytes through the front end: FrontendPassThroughIT.
 */
class ReplyRelayTest {
    private static final String COUNT = "02";
    private static final String A = "036465660000000161000c3f0001000000038100000000";
    private static final String B = "036465660000000162000c3f0015000000088100000000";
    private static final String B_AS_STRING = "036465660000000162000c2d0004000000fe0100270000";
    private static final String ROW = "0000010000000700000000000000";
    private static final String EOF = "fe00000200";

    private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    private final PacketIO io = new PacketIO(new ByteArrayInputStream(new byte[0]), toClient, 1 << 20);
    private final Replies replies = new Replies(io, false);
    private final ReplyRelay relay = new ReplyRelay(io, replies, new SessionTracking(replies), () -> 2,
            new ProcessRegistry().register("u", "h"), false, true);
    private final ColumnCache columns = new ColumnCache();

    @Test
    void definitionsTheClientHoldsAreLeftOutTheEofStays() throws Exception {
        assertEquals(List.of(COUNT + "01", A, B, EOF, ROW, EOF), execute(columns, A, B));
        assertEquals(List.of(COUNT + "00", EOF, ROW, EOF), execute(columns, A, B));
    }

    @Test
    void aDefinitionThatChangedSendsThemAllTheHeldOnesFirst() throws Exception {
        execute(columns, A, B);
        assertEquals(List.of(COUNT + "01", A, B_AS_STRING, EOF, ROW, EOF), execute(columns, A, B_AS_STRING));
        assertEquals(List.of(COUNT + "00", EOF, ROW, EOF), execute(columns, A, B_AS_STRING));
    }

    @Test
    void aTextsCountIsFlaggedAndItsDefinitionsAlwaysSent() throws Exception {
        assertEquals(List.of(COUNT + "01", A, B, EOF, ROW, EOF), execute(null, A, B));
        assertEquals(List.of(COUNT + "01", A, B, EOF, ROW, EOF), execute(null, A, B));
    }

    @Test
    void anExecutionTheRelayDidNotCopyWholeMakesTheNextSendThem() throws Exception {
        execute(columns, A, B);
        relay.run(null, "SELECT 1", columns, () -> PreClassified.Relayed.ANSWERED_WITH_ROWS); // the decoding path answered
        toClient.reset();
        assertEquals(List.of(COUNT + "01", A, B, EOF, ROW, EOF), execute(columns, A, B));
    }

    /** Relays one result set of one row with these definitions; @return the packets the client got, in hex */
    private List<String> execute(ColumnCache cache, String... definitions) throws Exception {
        toClient.reset();
        relay.run(null, "SELECT 1 AS a, ? AS b", cache, () -> {
            try {
                byte[] count = HexFormat.of().parseHex(COUNT);
                relay.columnCount(count, count.length);
                for (String d : definitions) {
                    byte[] b = HexFormat.of().parseHex(d);
                    relay.definition(b, b.length);
                }
                relay.definitionsEnd();
                byte[] row = HexFormat.of().parseHex(ROW);
                relay.row(row, row.length);
                relay.rowsEnd(0, false);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return PreClassified.Relayed.RELAYED;
        });
        io.flush();
        return Wire.payloads(toClient.toByteArray()).stream().map(HexFormat.of()::formatHex).toList();
    }
}
