package io.obproxy.route;

/** The values bound to a statement's {@code ?} markers, as the application set them. */
@FunctionalInterface
public interface ParameterValues {
    /** Returned for a marker whose value the driver cannot use for routing (a stream, a LOB, unset). */
    Object UNKNOWN = new Object();

    /** No parameters (a plain Statement). */
    ParameterValues NONE = index -> UNKNOWN;

    /** @return the value of marker {@code index} (1-based): a Number, String, byte[], null, or {@link #UNKNOWN} */
    Object value(int index);
}
