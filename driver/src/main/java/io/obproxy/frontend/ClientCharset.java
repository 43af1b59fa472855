package io.obproxy.frontend;

import io.obproxy.session.ConnectorJ;
import io.obproxy.sql.Assignment;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The character set a client speaks: the one its handshake names, then what its {@code SET NAMES}
 * or {@code SET CHARACTER SET} says. It becomes the servers' as a server would have it:
 * {@code character_set_client}, {@code character_set_connection} and {@code character_set_results}
 * set on the client's logical connection ({@link #sessionVariables}), so that the servers read the
 * client's bytes as it wrote them and send results converted to it (the driver then has Connector/J
 * send its own text in it too). The front end decodes the text from it as well, to route it.
 *
 * @param mysqlName  MySQL's name of the character set
 * @param javaCharset the Java encoding of it
 */
record ClientCharset(String mysqlName, Charset javaCharset) {
    static final ClientCharset UTF8MB4 = new ClientCharset("utf8mb4", StandardCharsets.UTF_8);

    /** @return the character set of a collation id (the handshake's); utf8mb4 for an id MySQL does not have */
    static ClientCharset ofCollation(int collationId) {
        String name = ConnectorJ.charsetOfCollation(collationId);
        String java = ConnectorJ.javaEncodingOfCollation(collationId);
        if (name == null || java == null || !Charset.isSupported(java)) {
            return UTF8MB4;
        }
        return new ClientCharset(name, Charset.forName(java));
    }

    /** @return the character set of this name, or null when MySQL or Java does not know it */
    static ClientCharset named(String mysqlName) {
        String name = mysqlName.toLowerCase(Locale.ROOT);
        if (name.equals("utf8")) {
            name = "utf8mb3";
        }
        int id = ConnectorJ.collationOfCharset(name);
        if (id == 0) {
            return null;
        }
        ClientCharset c = ofCollation(id);
        return c.mysqlName.equals(name) ? c : null;
    }

    /** @return true when text in it is UTF-8 (utf8mb3 is a part of utf8mb4) */
    boolean isUtf8() {
        return javaCharset.equals(StandardCharsets.UTF_8);
    }

    /**
     * @param noBackslashEscapes true under the SQL mode NO_BACKSLASH_ESCAPES (how literals are read)
     * @return the text of a query the client sent in this character set
     */
    String decode(byte[] sql, boolean noBackslashEscapes) {
        return isUtf8() ? QueryText.decode(sql, noBackslashEscapes) : new String(sql, javaCharset);
    }

    /** @return the name servers know it by: utf8mb3 by its older name utf8, which every server knows */
    String serverName() {
        return mysqlName.equals("utf8mb3") ? "utf8" : mysqlName;
    }

    /**
     * @return the session variables that make servers talk to this client in its character set (with
     * its default collation); utf8mb3 by its older name utf8, which every server knows
     */
    Map<String, String> sessionVariables() {
        String name = serverName();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("character_set_client", name);
        variables.put("character_set_results", name);
        variables.put("character_set_connection", name);
        return variables;
    }

    /** @return {@link #sessionVariables} and a collation as one SET statement (collation null: the default) */
    String sessionStatement(String collation) {
        StringBuilder sb = new StringBuilder("SET ");
        sessionVariables().forEach((name, value) -> sb.append(name).append(" = ").append(value).append(", "));
        sb.setLength(sb.length() - 2);
        return collation == null ? sb.toString() : sb.append(", collation_connection = '").append(collation).append('\'')
                .toString();
    }

    /**
     * A client's own {@code SET NAMES x [COLLATE y]} / {@code SET CHARACTER SET x}: the character set
     * and collation it asks for ({@code DEFAULT}: utf8mb4).
     */
    record Change(ClientCharset charset, String collation) {
    }

    /**
     * @return the character set a text sets for the client's own text alone, when it is one {@code SET
     * [SESSION] character_set_client = x} and nothing else; null for any other text. The front end
     * then decodes the client's text from it and sets the servers' character_set_client to it
     * ({@link #serverName}), which then read the client's bytes as x
     * @throws IllegalArgumentException naming a character set MySQL or Java does not know
     */
    static ClientCharset clientSide(SqlInfo info) {
        if (info.isMulti() || info.kind() != StatementKind.SET || info.assignments().size() != 1) {
            return null;
        }
        Assignment a = info.assignments().get(0);
        if (a.scope() != Assignment.Scope.SESSION || !a.name().equals("character_set_client") || a.literal() == null) {
            return null;
        }
        String name = a.literal().replace("'", "").replace("\"", "").replace("`", "").trim();
        ClientCharset charset = name.equalsIgnoreCase("default") ? UTF8MB4 : named(name);
        if (charset == null) {
            throw new IllegalArgumentException("Unknown character set: '" + name + "'");
        }
        return charset;
    }

    /**
     * @return the change a text asks for ({@link SqlInfo#FLAG_SET_NAMES}: it is one {@code SET NAMES} or
     * {@code SET CHARACTER SET} and nothing else); null for any other text
     * @throws IllegalArgumentException naming a character set MySQL or Java does not know
     */
    static Change change(SqlInfo info) {
        if (!info.has(SqlInfo.FLAG_SET_NAMES)) {
            return null;
        }
        String name = info.assignments().get(0).name();
        ClientCharset charset = name.equals("default") ? UTF8MB4 : named(name);
        if (charset == null) {
            throw new IllegalArgumentException("Unknown character set: '" + name + "'");
        }
        return new Change(charset, info.objectName());
    }
}
