package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/** A tenant's role in its cluster ({@code DBA_OB_TENANTS.TENANT_ROLE}); UNKNOWN where it cannot be read. */
public enum TenantRole {
    PRIMARY, STANDBY, UNKNOWN;

    static final String SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ tenant_role FROM oceanbase.DBA_OB_TENANTS"
            + " WHERE tenant_name = ?";

    /** @return the role read through {@code c}; UNKNOWN when no tenant is named or the view cannot be read */
    static TenantRole read(Connection c, String tenant, int timeoutSeconds) {
        if (tenant == null) {
            return UNKNOWN;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? of(rs.getString(1)) : UNKNOWN;
            }
        } catch (SQLException e) {
            return UNKNOWN;
        }
    }

    /** @return the role a text names (PRIMARY, STANDBY, any case), else UNKNOWN */
    public static TenantRole of(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "PRIMARY": return PRIMARY;
            case "STANDBY": return STANDBY;
            default: return UNKNOWN;
        }
    }
}
