package io.obproxy.jdbc;

/** Renders docs/configuration.md from {@link ObProxyProperty}; a test keeps the file in step. */
final class ConfigurationDoc {
    private ConfigurationDoc() {
    }

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration\n\n")
                .append("<!-- Generated from io.obproxy.jdbc.ObProxyProperty by ConfigurationTest;"
                        + " edit the enum, not this file. -->\n\n")
                .append("Properties go in the URL (`jdbc:obproxy://host:port/db?name=value&...`, URL-encoded), in the\n")
                .append("`Properties` passed to `DriverManager.getConnection`, or through `ObProxyDataSource` setters.\n")
                .append("A URL parameter wins over the same property given elsewhere. Names are case-insensitive.\n")
                .append("A bad value fails the connection with an `SQLException` (SQLSTATE `HY024`) naming the property,\n")
                .append("the value and what is allowed.\n\n")
                .append("Any property not listed here is passed unchanged to Connector/J for every physical\n")
                .append("connection (for example `connectTimeout`, `socketTimeout`, `useServerPrepStmts`,\n")
                .append("`rewriteBatchedStatements`, `useCursorFetch`).\n\n")
                .append("| property | type | default | allowed | description |\n")
                .append("|---|---|---|---|---|\n");
        for (ObProxyProperty p : ObProxyProperty.values()) {
            sb.append("| `").append(p.propertyName()).append("` | ").append(p.type().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ").append(p.defaultValue() == null ? "-" : "`" + p.defaultValue() + "`")
                    .append(" | ").append(p.allowed()).append(" | ").append(p.description()).append(" |\n");
        }
        return sb.toString();
    }
}
