package io.obproxy.cluster;

/**
 * An OBServer as the metadata describes it.
 *
 * @param address    where it takes SQL connections
 * @param zone       its zone, empty when unknown
 * @param idc        its zone's IDC (DBA_OB_ZONES), empty when unknown
 * @param region     its zone's region, empty when unknown
 * @param active     false when the metadata says INACTIVE
 * @param compacting true while its zone runs a major compaction (DBA_OB_ZONE_MAJOR_COMPACTION status
 *                   other than IDLE): UNMERGE_FOLLOWER_FIRST avoids it for weak reads
 */
public record Server(ServerAddress address, String zone, String idc, String region, boolean active,
                     boolean compacting) {
    /** A server known only by its address (a seed, or a metadata row without zone details). */
    public static Server of(ServerAddress address) {
        return new Server(address, "", "", "", true, false);
    }
}
