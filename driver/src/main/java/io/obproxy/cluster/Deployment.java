package io.obproxy.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The clusters one logical connection may use and which of them it uses now: the one the user
 * name selects ({@code user@tenant#cluster}), else the one where the tenant is PRIMARY (the first
 * when no role is known). A switchover is followed by {@link #refreshRoles}: the next statement
 * goes to the new primary. A STANDBY cluster can serve weak reads ({@link #standby}).
 *
 * <p>Shared by nothing: each connection has its own (cheap: the clusters in it are shared).
 */
public final class Deployment {
    /** One cluster, with the name it was configured under (empty for the URL's unnamed seeds). */
    public record Member(String name, Cluster cluster) {
    }

    private final List<Member> members;
    private final boolean selected;

    /**
     * @param members  at least one
     * @param selected true when the user name selected the only member: it is used whatever its role
     */
    public Deployment(List<Member> members, boolean selected) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a deployment needs a cluster");
        }
        this.members = List.copyOf(members);
        this.selected = selected;
    }

    /** A deployment of one cluster. */
    public static Deployment of(Cluster cluster) {
        return new Deployment(List.of(new Member("", cluster)), true);
    }

    public List<Member> members() {
        return members;
    }

    /** @return true when strong reads and writes may move to another cluster (several, none chosen by name) */
    public boolean followsThePrimary() {
        return !selected && members.size() > 1;
    }

    /** @return the cluster strong reads and writes go to now */
    public Cluster current() {
        if (!followsThePrimary()) {
            return members.get(0).cluster();
        }
        for (Member m : members) {
            if (m.cluster().role() == TenantRole.PRIMARY) {
                return m.cluster();
            }
        }
        return members.get(0).cluster();
    }

    /** @return a cluster where the tenant is STANDBY and some server is usable, or null */
    public Cluster standby() {
        for (Member m : members) {
            if (m.cluster().role() == TenantRole.STANDBY && !m.cluster().topology().active().isEmpty()) {
                return m.cluster();
            }
        }
        return null;
    }

    /** @return true when a cluster of this deployment lists {@code server} (exactly as its metadata spells it) */
    public boolean lists(ServerAddress server) {
        for (Member m : members) {
            if (m.cluster().topology().server(server) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server a client names (a forced route), as the clusters' metadata spells it: the same
     * host and port, or a host name or IP spelling (IPv6 forms included) that resolves to the same
     * address, with the same port. Only names are resolved; no server is contacted.
     *
     * @return the listed address, or null when no cluster of this deployment lists that server
     */
    public ServerAddress listedServer(ServerAddress requested) {
        if (lists(requested)) {
            return requested;
        }
        List<InetAddress> wanted = resolve(requested.host());
        if (wanted.isEmpty()) {
            return null;
        }
        for (Member m : members) {
            for (Server s : m.cluster().topology().servers()) {
                ServerAddress listed = s.address();
                if (listed.port() == requested.port() && resolve(listed.host()).stream().anyMatch(wanted::contains)) {
                    return listed;
                }
            }
        }
        return null;
    }

    private static List<InetAddress> resolve(String host) {
        try {
            return Arrays.asList(InetAddress.getAllByName(host));
        } catch (UnknownHostException | SecurityException e) {
            return List.of();
        }
    }

    /** @return the cluster whose servers include {@code server} (the current one when none lists it) */
    public Cluster clusterOf(ServerAddress server) {
        for (Member m : members) {
            if (m.cluster().topology().server(server) != null) {
                return m.cluster();
            }
        }
        return current();
    }

    /** Reads every cluster's tenant role again (after an error saying this one is not the primary). */
    public void refreshRoles() {
        for (Member m : members) {
            m.cluster().refreshRole();
        }
    }
}
