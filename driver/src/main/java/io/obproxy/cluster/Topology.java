package io.obproxy.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One snapshot of a cluster's servers with their zones, IDCs, regions and status; immutable, so
 * routing reads it without locks while a refresh builds the next one.
 */
public final class Topology {
    /** No servers known yet. */
    public static final Topology EMPTY = new Topology(List.of());

    private final List<Server> servers;
    private final List<ServerAddress> active;
    private final Map<ServerAddress, Server> byAddress;

    /** @param servers every server the metadata lists (or the seeds), in its order */
    public Topology(List<Server> servers) {
        this.servers = List.copyOf(servers);
        List<ServerAddress> up = new ArrayList<>();
        Map<ServerAddress, Server> map = new HashMap<>();
        for (Server s : this.servers) {
            map.put(s.address(), s);
            if (s.active()) {
                up.add(s.address());
            }
        }
        this.active = List.copyOf(up);
        this.byAddress = Map.copyOf(map);
    }

    /** A topology of bare addresses, all active (seeds, or servers of a plain MySQL deployment). */
    public static Topology ofAddresses(List<ServerAddress> addresses) {
        List<Server> servers = new ArrayList<>(addresses.size());
        for (ServerAddress a : addresses) {
            servers.add(Server.of(a));
        }
        return new Topology(servers);
    }

    public List<Server> servers() {
        return servers;
    }

    /** @return the addresses of the active servers, in the metadata's order */
    public List<ServerAddress> active() {
        return active;
    }

    /** @return the server at an address, or null when the topology does not list it */
    public Server server(ServerAddress address) {
        return byAddress.get(address);
    }

    public boolean isActive(ServerAddress address) {
        Server s = byAddress.get(address);
        return s != null && s.active();
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Topology && ((Topology) o).servers.equals(servers);
    }

    @Override
    public int hashCode() {
        return servers.hashCode();
    }

    @Override
    public String toString() {
        return servers.toString();
    }
}
