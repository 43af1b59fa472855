package io.obproxy.frontend;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The text of a COM_QUERY, from its bytes. Clients send UTF-8 text, but one that interpolates
 * binary values puts raw bytes inside string literals ({@code _binary'..'}, PyMySQL does): such a
 * literal, whose bytes are not UTF-8 once its escapes are resolved, is rewritten as a hex literal
 * ({@code X'..'}) holding exactly those bytes, so that no byte is lost on the way to the server.
 * Literals are read as the server reads them: under {@code NO_BACKSLASH_ESCAPES} (the status flag the
 * client also reads) a backslash is a plain byte; otherwise it escapes the next, and {@code \%}
 * and {@code \_} keep their backslash.
 */
final class QueryText {
    private QueryText() {
    }

    /**
     * @param noBackslashEscapes true under the SQL mode NO_BACKSLASH_ESCAPES
     * @return the query's text
     */
    static String decode(byte[] sql, boolean noBackslashEscapes) {
        String text = utf8(sql, 0, sql.length);
        return text != null ? text : new QueryText.Rewrite(sql, noBackslashEscapes).run();
    }

    /** @return the bytes as UTF-8, or null when they are not valid UTF-8 */
    static String utf8(byte[] b) {
        return utf8(b, 0, b.length);
    }

    private static String utf8(byte[] b, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** One text's rewriting: its bytes and how its literals are read. */
    private static final class Rewrite {
        private final byte[] sql;
        private final boolean backslashEscapes;

        Rewrite(byte[] sql, boolean noBackslashEscapes) {
            this.sql = sql;
            this.backslashEscapes = !noBackslashEscapes;
        }

        String run() {
            StringBuilder out = new StringBuilder(sql.length + 16);
            int copied = 0;
            int i = 0;
            while (i < sql.length) {
                byte c = sql[i];
                if (c != '\'' && c != '"') {
                    i++;
                    continue;
                }
                int end = closingQuote(i);
                byte[] value = unescape(i + 1, end, c);
                if (utf8(value, 0, value.length) == null) {
                    out.append(new String(sql, copied, i - copied, StandardCharsets.UTF_8));
                    if (i > 0 && isIdentifierByte(sql[i - 1])) {
                        out.append(' '); // after an introducer (_binary'..'): "_binaryX'..'" would be a name
                    }
                    out.append("X'").append(HexFormat.of().formatHex(value)).append('\'');
                    copied = Math.min(end + 1, sql.length);
                }
                i = end + 1;
            }
            return out.append(new String(sql, copied, sql.length - copied, StandardCharsets.UTF_8)).toString();
        }

        private static boolean isIdentifierByte(byte b) {
            return b == '_' || b == '$' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
        }

        /** @return the index of the quote closing the literal opened at {@code open}, or the end */
        private int closingQuote(int open) {
            byte quote = sql[open];
            for (int i = open + 1; i < sql.length; i++) {
                if (sql[i] == '\\' && backslashEscapes) {
                    i++;
                } else if (sql[i] == quote) {
                    if (i + 1 < sql.length && sql[i + 1] == quote) {
                        i++;
                    } else {
                        return i;
                    }
                }
            }
            return sql.length;
        }

        /** @return a literal's value: backslash escapes (when on) and doubled quotes resolved */
        private byte[] unescape(int from, int to, byte quote) {
            ByteArrayOutputStream v = new ByteArrayOutputStream(to - from);
            for (int i = from; i < to; i++) {
                byte b = sql[i];
                if (b == '\\' && backslashEscapes && i + 1 < to) {
                    byte e = sql[++i];
                    switch (e) {
                        case '0': v.write(0); break;
                        case 'b': v.write(8); break;
                        case 'n': v.write('\n'); break;
                        case 'r': v.write('\r'); break;
                        case 't': v.write('\t'); break;
                        case 'Z': v.write(26); break;
                        case '%': case '_': v.write('\\'); v.write(e); break;
                        default: v.write(e); break;
                    }
                } else if (b == quote && i + 1 < to && sql[i + 1] == quote) {
                    v.write(b);
                    i++;
                } else {
                    v.write(b);
                }
            }
            return v.toByteArray();
        }
    }
}
