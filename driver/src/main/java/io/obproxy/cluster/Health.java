package io.obproxy.cluster;

/** How usable a server is, as this driver instance has seen it. */
public enum Health {
    /** No recent failure: preferred. */
    ACTIVE,
    /** A recent failure of an established connection; still used, after ACTIVE servers; probed soon. */
    SUSPECT,
    /** Cannot be connected to, or the metadata says INACTIVE: not used until a probe reaches it. */
    DEAD
}
