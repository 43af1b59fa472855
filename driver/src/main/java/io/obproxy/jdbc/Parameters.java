package io.obproxy.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameters of a logical prepared statement, held until an execution knows its server: one
 * binder per index, each replaying the application's exact setter call on the physical statement.
 */
final class Parameters {
    /** One setter call, replayed. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    private Binder[] binders;

    Parameters(int count) {
        binders = new Binder[count];
    }

    private Parameters(Binder[] binders) {
        this.binders = binders;
    }

    void set(int index, Binder binder) throws SQLException {
        if (index < 1 || index > binders.length) {
            throw new SQLException("Parameter index out of range (" + index + " > number of parameters, which is "
                    + binders.length + ")", "S1009");
        }
        binders[index - 1] = binder;
    }

    void clear() {
        Arrays.fill(binders, null);
    }

    int count() {
        return binders.length;
    }

    /** @return a copy for a batch entry; binders are immutable, so the array is all there is to copy */
    Parameters snapshot() {
        return new Parameters(binders.clone());
    }

    void applyTo(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < binders.length; i++) {
            Binder b = binders[i];
            if (b == null) {
                throw new SQLException("No value specified for parameter " + (i + 1), "07001");
            }
            b.bind(ps, i + 1);
        }
    }
}
