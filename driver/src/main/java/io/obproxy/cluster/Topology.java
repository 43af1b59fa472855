package io.obproxy.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One snapshot of a cluster's servers as routing sees them: zones, IDCs, regions and status from
 * the metadata, and each server's {@link Health} as this driver instance observed it. Immutable, so
 * routing reads it without locks while the next one is built.
 *
 * <p>A server is usable when the metadata says ACTIVE and it is not DEAD; among usable servers the
 * ACTIVE ones are preferred over SUSPECT ones.
 */
public final class Topology {
    /** No servers known yet. */
    public static final Topology EMPTY = new Topology(List.of(), Map.of());

    private final List<Server> servers;
    private final Map<ServerAddress, Health> health;
    private final List<ServerAddress> usable;
    private final List<ServerAddress> preferred;
    private final List<ServerAddress> listed;
    private final Map<ServerAddress, Server> byAddress;

    /**
     * @param servers every server the metadata lists (or the seeds), in its order
     * @param health  servers that are not ACTIVE, with their state
     */
    public Topology(List<Server> servers, Map<ServerAddress, Health> health) {
        this.servers = List.copyOf(servers);
        this.health = Map.copyOf(health);
        List<ServerAddress> up = new ArrayList<>();
        List<ServerAddress> best = new ArrayList<>();
        List<ServerAddress> all = new ArrayList<>();
        Map<ServerAddress, Server> map = new HashMap<>();
        for (Server s : this.servers) {
            map.put(s.address(), s);
            if (!s.active()) {
                continue;
            }
            all.add(s.address());
            Health h = health(s.address());
            if (h != Health.DEAD) {
                up.add(s.address());
            }
            if (h == Health.ACTIVE) {
                best.add(s.address());
            }
        }
        this.usable = List.copyOf(up);
        this.preferred = List.copyOf(best);
        this.listed = List.copyOf(all);
        this.byAddress = Map.copyOf(map);
    }

    /** @param servers every server, all healthy */
    public Topology(List<Server> servers) {
        this(servers, Map.of());
    }

    /** A topology of bare addresses, all active (seeds, or servers of a plain MySQL deployment). */
    public static Topology ofAddresses(List<ServerAddress> addresses) {
        List<Server> servers = new ArrayList<>(addresses.size());
        for (ServerAddress a : addresses) {
            servers.add(Server.of(a));
        }
        return new Topology(servers);
    }

    /** @return the same servers with other health states */
    public Topology withHealth(Map<ServerAddress, Health> states) {
        return new Topology(servers, states);
    }

    public List<Server> servers() {
        return servers;
    }

    /**
     * @return the usable servers (metadata ACTIVE, not DEAD), in the metadata's order; when none is,
     * every server the metadata lists as ACTIVE (better to try one than to fail without trying)
     */
    public List<ServerAddress> active() {
        return usable.isEmpty() ? listed : usable;
    }

    /** @return the usable servers with no recent failure; empty when every usable one is SUSPECT */
    public List<ServerAddress> preferred() {
        return preferred;
    }

    /** @return the server at an address, or null when the topology does not list it */
    public Server server(ServerAddress address) {
        return byAddress.get(address);
    }

    /** @return this driver's view of a server's health (ACTIVE when it saw no failure) */
    public Health health(ServerAddress address) {
        return health.getOrDefault(address, Health.ACTIVE);
    }

    /** @return true when the metadata lists the server ACTIVE and it is not DEAD */
    public boolean isActive(ServerAddress address) {
        Server s = byAddress.get(address);
        return s != null && s.active() && health(address) != Health.DEAD;
    }

    /** @return the region of the zones in an IDC (case-insensitive), or empty when no zone is in it */
    public String regionOfIdc(String idc) {
        for (Server s : servers) {
            if (!s.idc().isEmpty() && s.idc().toLowerCase(Locale.ROOT).equals(idc.toLowerCase(Locale.ROOT))) {
                return s.region();
            }
        }
        return "";
    }

    /** Same servers and health. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Topology && ((Topology) o).servers.equals(servers) && ((Topology) o).health.equals(health);
    }

    @Override
    public int hashCode() {
        return servers.hashCode() * 31 + health.hashCode();
    }

    @Override
    public String toString() {
        return health.isEmpty() ? servers.toString() : servers + " health " + health;
    }
}
