package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.sql.StatementParser;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientCharsetTest {
    private static ClientCharset.Change setNames(String sql) {
        return ClientCharset.change(StatementParser.parse(sql));
    }

    @Test
    void theHandshakeCollationNamesTheCharacterSet() {
        assertEquals(new ClientCharset("utf8mb4", StandardCharsets.UTF_8), ClientCharset.ofCollation(45));
        assertEquals("utf8mb3", ClientCharset.ofCollation(33).mysqlName());
        assertTrue(ClientCharset.ofCollation(33).isUtf8());
        assertEquals(new ClientCharset("latin1", Charset.forName("windows-1252")), ClientCharset.ofCollation(8));
        assertEquals("gbk", ClientCharset.ofCollation(28).mysqlName());
        assertEquals(ClientCharset.UTF8MB4, ClientCharset.ofCollation(0), "an id MySQL does not have");
    }

    @Test
    void setNamesInEveryForm() {
        assertEquals(new ClientCharset.Change(ClientCharset.named("latin1"), null), setNames("SET NAMES latin1"));
        assertEquals(new ClientCharset.Change(ClientCharset.named("utf8mb4"), "utf8mb4_bin"),
                setNames("set names 'utf8mb4' collate 'utf8mb4_bin';"));
        assertEquals("utf8mb3", setNames("SET CHARACTER SET utf8").charset().mysqlName());
        assertEquals("gbk", setNames("SET CHARSET \"gbk\"").charset().mysqlName());
        assertEquals(ClientCharset.UTF8MB4, setNames("SET NAMES DEFAULT").charset());
        assertNull(setNames("SET @names = 'x'"));
        assertNull(setNames("SET NAMES latin1, @a = 1"), "more than SET NAMES: the driver's business");
        assertEquals("Unknown character set: 'klingon'",
                assertThrows(IllegalArgumentException.class, () -> setNames("SET NAMES klingon")).getMessage());
    }

    @Test
    void textIsDecodedFromTheClientsCharacterSet() {
        assertEquals("SELECT 'é'", ClientCharset.named("latin1").decode(new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'',
                (byte) 0xE9, '\''}, false));
        assertEquals("SELECT '中'", ClientCharset.named("gbk").decode("SELECT '中'".getBytes(Charset.forName("GBK")), false));
        assertEquals("SET character_set_client = gbk, character_set_results = gbk, character_set_connection = gbk,"
                + " collation_connection = 'gbk_bin'",
                ClientCharset.named("gbk").sessionStatement("gbk_bin"));
        assertEquals(Map.of("character_set_client", "utf8", "character_set_results", "utf8", "character_set_connection",
                "utf8"),
                ClientCharset.ofCollation(33).sessionVariables(), "utf8mb3 by the name every server knows");
    }
}
