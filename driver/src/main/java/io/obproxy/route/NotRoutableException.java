package io.obproxy.route;

/**
 * A partition OceanBase could compute and the driver cannot (an unsupported collation, type or
 * expression): the statement takes the default route, and EXPLAIN ROUTE says why.
 */
public final class NotRoutableException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotRoutableException(String reason) {
        super(reason, null, false, false);
    }
}
