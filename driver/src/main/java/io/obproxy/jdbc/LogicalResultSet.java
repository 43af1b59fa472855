package io.obproxy.jdbc;

import io.obproxy.session.LogicalSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A physical result set as the application sees it: {@link #getStatement()} is the logical
 * statement, and closing a streaming result set ends the session's pin to its server.
 */
final class LogicalResultSet extends DelegatingResultSet {
    private final Statement statement;
    private final LogicalSession cursorOwner;
    private boolean closed;

    /** @param cursorOwner the session pinned while this (streaming) result set is open, or null */
    LogicalResultSet(Statement statement, ResultSet delegate, LogicalSession cursorOwner) {
        super(delegate);
        this.statement = statement;
        this.cursorOwner = cursorOwner;
    }

    ResultSet physical() {
        return delegate;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            try {
                delegate.close(); // reads what is left of a streaming result: the server's status flags are final then
            } finally {
                release();
            }
        }
    }

    /**
     * The statement moves on to its next result and its physical statement closes this one: closing a
     * streaming result first would break Connector/J's reading of the results that follow.
     */
    void release() {
        if (!closed) {
            closed = true;
            if (cursorOwner != null) {
                cursorOwner.closeCursor();
            }
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }
}
