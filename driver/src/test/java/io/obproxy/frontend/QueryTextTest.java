package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QueryTextTest {
    private static byte[] sql(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    @Test
    void utf8TextIsTakenAsItIs() {
        assertEquals("SELECT 'ü€😀', \"a\"\"b\"", QueryText.decode(sql("SELECT 'ü€😀', \"a\"\"b\""), false));
    }

    @Test
    void aLiteralWhoseBytesAreNotUtf8BecomesAHexLiteral() {
        assertEquals("INSERT INTO t VALUES (X'ff00c3', 'ok')",
                QueryText.decode(sql("INSERT INTO t VALUES ('", new byte[] {(byte) 0xFF}, "\\0", new byte[] {(byte) 0xC3},
                        "', 'ok')"), false));
        assertEquals("SELECT X'ff'", QueryText.decode(sql("SELECT \"", new byte[] {(byte) 0xFF}, "\""), false));
    }

    @Test
    void anIntroducerKeepsApplyingToTheHexLiteral() {
        // PyMySQL writes bytes as _binary'...': "_binaryX'..'" would be an identifier
        assertEquals("SELECT _binary X'ff27'", QueryText.decode(sql("SELECT _binary'", new byte[] {(byte) 0xFF}, "\\''"), false));
    }

    @Test
    void escapesAndDoubledQuotesAreResolvedBeforeHexing() {
        assertEquals("SELECT X'fe0a0d09271a5c', 'plain'", QueryText.decode(sql("SELECT '", new byte[] {(byte) 0xFE},
                "\\n\\r\\t''\\Z\\\\', 'plain'"), false));
    }

    @Test
    void literalsAreReadAsTheServerReadsThem() {
        // \% and \_ keep their backslash (they are LIKE's escapes); under NO_BACKSLASH_ESCAPES a
        // backslash is a byte of its own and '' the only escape
        assertEquals("SELECT X'fe5c255c5f'", QueryText.decode(sql("SELECT '", new byte[] {(byte) 0xFE}, "\\%\\_'"), false));
        assertEquals("SELECT X'fe5c5c27', 'x'", QueryText.decode(sql("SELECT '", new byte[] {(byte) 0xFE}, "\\\\''', 'x'"), true));
        assertEquals("SELECT X'5cfe', '\\'", QueryText.decode(sql("SELECT '\\", new byte[] {(byte) 0xFE}, "', '\\'"), true));
    }
}
