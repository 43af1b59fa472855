package io.obproxy.jdbc;

import java.sql.SQLException;

/** {@link java.sql.Wrapper#unwrap} for the driver's own objects: they wrap nothing the application may reach. */
final class Wrappers {
    private Wrappers() {
    }

    static <T> T unwrap(Object self, Class<T> iface) throws SQLException {
        if (iface.isInstance(self)) {
            return iface.cast(self);
        }
        throw new SQLException(self.getClass().getSimpleName() + " is not a wrapper for " + iface.getName()
                + " (see docs/compatibility.md for what each object unwraps to)", "S1009");
    }
}
