package io.obproxy.session;

import io.obproxy.route.ParameterValues;
import io.obproxy.sql.SqlInfo;
import java.sql.SQLException;
import java.sql.Statement;

/** The {@link Attempt} of {@link ServerWork}: nothing to set up, no statement for KILL QUERY to cancel. */
final class WorkAttempt<T> implements Attempt<T> {
    private final ServerWork<T> work;
    private final boolean statement;
    private PhysicalSession ps;

    /** @param statement true when the work counts as a statement (see {@link Attempt#isStatement}) */
    WorkAttempt(ServerWork<T> work, boolean statement) {
        this.work = work;
        this.statement = statement;
    }

    /** Runs {@code work}, counted as the statement {@code info}, through a new execution. */
    static <T> T call(SessionParts parts, SqlInfo info, ServerWork<T> work) throws SQLException {
        return new Execution(parts, info).run(ParameterValues.NONE, new WorkAttempt<>(work, true));
    }

    @Override
    public Statement setUp(PhysicalSession on) {
        ps = on;
        return null;
    }

    @Override
    public T send() throws SQLException {
        return work.on(ps);
    }

    @Override
    public boolean isStatement() {
        return statement;
    }
}
