package io.obproxy.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@link Wrapper} for the driver's own objects (connections, statements, the data source): they
 * wrap nothing the application may reach, so they unwrap to what they implement themselves
 * ({@link ObProxyConnection}, {@link ObProxyStatement}, ...) and to nothing else.
 */
interface Unwrapping extends Wrapper {
    @Override
    default <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException(getClass().getSimpleName() + " is not a wrapper for " + iface.getName()
                + " (see docs/compatibility.md for what each object unwraps to)", "S1009");
    }

    @Override
    default boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
