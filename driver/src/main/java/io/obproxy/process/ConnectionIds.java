package io.obproxy.process;

/**
 * Logical connection ids in the layout of ODP's client session ids (v2, odp-facts section 6): one
 * zero bit, 13 bits of instance id (1 to 8191), 18 bits of sequence. An id fits the 4 bytes of the
 * MySQL protocol's connection id and names its instance, so ids are unique across the driver
 * instances and front ends attached to a cluster as long as their instance ids differ.
 */
public final class ConnectionIds {
    public static final int MAX_INSTANCE = (1 << 13) - 1;
    static final int SEQUENCE_BITS = 18;
    static final int SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1;

    private ConnectionIds() {
    }

    /** @param sequence any number; its low 18 bits are used (0 is skipped by the registry) */
    static long of(int instance, int sequence) {
        return ((long) instance << SEQUENCE_BITS) | (sequence & SEQUENCE_MASK);
    }

    /** @return the instance id an id was made by */
    public static int instanceOf(long id) {
        return (int) (id >>> SEQUENCE_BITS) & MAX_INSTANCE;
    }
}
