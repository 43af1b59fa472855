package io.obproxy.jdbc;

import io.obproxy.route.ParameterValues;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameters of a logical prepared statement, held until an execution knows its server: one
 * binder per index, each replaying the application's exact setter call on the physical statement.
 */
final class Parameters implements ParameterValues {
    /** One setter call, replayed. */
    @FunctionalInterface
    interface Binder {
        /** @param value the value recorded with this binder for routing ({@link #set}) */
        void bind(PreparedStatement ps, int index, Object value) throws SQLException;
    }

    private final Binder[] binders;
    private final Object[] values;

    Parameters(int count) {
        binders = new Binder[count];
        values = new Object[count];
        Arrays.fill(values, UNKNOWN);
    }

    private Parameters(Binder[] binders, Object[] values) {
        this.binders = binders;
        this.values = values;
    }

    /**
     * @param value the value as routing may use it (Number, String, byte[], null), or
     *              {@link ParameterValues#UNKNOWN}
     */
    void set(int index, Object value, Binder binder) throws SQLException {
        if (index < 1 || index > binders.length) {
            throw new SQLException("Parameter index out of range (" + index + " > number of parameters, which is "
                    + binders.length + ")", "S1009");
        }
        binders[index - 1] = binder;
        values[index - 1] = value;
    }

    @Override
    public Object value(int index) {
        return index >= 1 && index <= values.length ? values[index - 1] : UNKNOWN;
    }

    void clear() {
        Arrays.fill(binders, null);
        Arrays.fill(values, UNKNOWN);
    }

    int count() {
        return binders.length;
    }

    /** @return a copy for a batch entry; binders and values are immutable, so the arrays are all to copy */
    Parameters snapshot() {
        return new Parameters(binders.clone(), values.clone());
    }

    void applyTo(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < binders.length; i++) {
            Binder b = binders[i];
            if (b == null) {
                throw new SQLException("No value specified for parameter " + (i + 1), "07001");
            }
            b.bind(ps, i + 1, values[i]);
        }
    }
}
