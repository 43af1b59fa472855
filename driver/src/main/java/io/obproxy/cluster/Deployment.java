package io.obproxy.cluster;

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
