package io.obproxy.sandbox;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Settings of a {@link SandboxCluster}: how many nodes, which ports, the tenant and its user.
 * Immutable; build with {@link #builder()}.
 *
 * <p>Ports: with {@code basePort == 0} every relay and every MariaDB server gets a free port from
 * the OS. With a base port P and N nodes, node {@code i} (1-based) is advertised on relay port
 * {@code P + i - 1} and its MariaDB server listens on {@code P + N + i - 1}.
 */
public final class SandboxConfig {
    /** Nodes started when none is given: one per zone, as a three-zone OceanBase cluster. */
    public static final int DEFAULT_NODES = 3;
    /** Largest cluster the sandbox starts; each node costs about 150 MB. */
    public static final int MAX_NODES = 9;

    private final int nodes;
    private final int basePort;
    private final String clusterName;
    private final int clusterId;
    private final String tenantRole;
    private final String tenant;
    private final String user;
    private final String password;
    private final String database;
    private final Path workDir;
    private final ColumnTypes columnTypes;

    private SandboxConfig(Builder b) {
        this.nodes = b.nodes;
        this.basePort = b.basePort;
        this.clusterName = b.clusterName;
        this.clusterId = b.clusterId;
        this.tenantRole = b.tenantRole;
        this.tenant = b.tenant;
        this.user = b.user;
        this.password = b.password != null ? b.password : randomPassword();
        this.database = b.database;
        this.workDir = b.workDir;
        this.columnTypes = b.columnTypes;
    }

    /** @return a builder with the defaults: 3 nodes, free ports, tenant {@code test}, user {@code root}. */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults of {@link #builder()}. */
    public static SandboxConfig defaults() {
        return builder().build();
    }

    public int nodes() {
        return nodes;
    }

    public int basePort() {
        return basePort;
    }

    public String clusterName() {
        return clusterName;
    }

    public int clusterId() {
        return clusterId;
    }

    /** @return PRIMARY or STANDBY: the user tenant's role in this cluster when it starts */
    public String tenantRole() {
        return tenantRole;
    }

    public String tenant() {
        return tenant;
    }

    /** @return the user name within the tenant, without {@code @tenant}. */
    public String user() {
        return user;
    }

    /** @return the name the tenant user logs in with, {@code user@tenant}, as on an OBServer. */
    public String tenantUser() {
        return user + "@" + tenant;
    }

    public String password() {
        return password;
    }

    /** @return the database created for applications (OceanBase tenants start with {@code test}). */
    public String database() {
        return database;
    }

    /** @return where data dirs go; null means a fresh temporary directory, deleted on close. */
    public Path workDir() {
        return workDir;
    }

    /** @return how the tenant stores DECIMAL, DATE and DATETIME columns in the metadata's key types */
    public ColumnTypes columnTypes() {
        return columnTypes;
    }

    @Override
    public String toString() {
        return "SandboxConfig{nodes=" + nodes + ", basePort=" + basePort + ", cluster=" + clusterName
                + ", tenant=" + tenant + ", user=" + user + ", database=" + database + "}";
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder("Ob");
        for (int i = 0; i < 14; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Builder of {@link SandboxConfig}; every setter validates its argument. */
    public static final class Builder {
        private int nodes = DEFAULT_NODES;
        private int basePort;
        private String clusterName = "obsandbox";
        private int clusterId = 1;
        private String tenantRole = "PRIMARY";
        private String tenant = "test";
        private String user = "root";
        private String password;
        private String database = "test";
        private Path workDir;
        private ColumnTypes columnTypes = ColumnTypes.CURRENT;

        private Builder() {
        }

        /** @param nodes 1 to {@value SandboxConfig#MAX_NODES} */
        public Builder nodes(int nodes) {
            if (nodes < 1 || nodes > MAX_NODES) {
                throw new IllegalArgumentException("nodes: " + nodes + " (expected: 1.." + MAX_NODES + ")");
            }
            this.nodes = nodes;
            return this;
        }

        /** @param basePort 0 for free ports, else 1024..65000 (the cluster takes 2 ports a node from it) */
        public Builder basePort(int basePort) {
            if (basePort != 0 && (basePort < 1024 || basePort > 65000)) {
                throw new IllegalArgumentException("basePort: " + basePort + " (expected: 0 or 1024..65000)");
            }
            this.basePort = basePort;
            return this;
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = identifier("clusterName", clusterName);
            return this;
        }

        /**
         * @param clusterId an OceanBase cluster id, 1 to 1000; clusters that replicate each other need
         *                  different ids (their servers' ids and GTID domains derive from it)
         */
        public Builder clusterId(int clusterId) {
            if (clusterId < 1 || clusterId > 1000) {
                throw new IllegalArgumentException("clusterId: " + clusterId + " (expected: 1..1000)");
            }
            this.clusterId = clusterId;
            return this;
        }

        /** Starts the cluster as a standby: its tenant is read-only until a switchover makes it primary. */
        public Builder standby() {
            this.tenantRole = "STANDBY";
            return this;
        }

        public Builder tenant(String tenant) {
            this.tenant = identifier("tenant", tenant);
            return this;
        }

        public Builder user(String user) {
            this.user = identifier("user", user);
            return this;
        }

        /** @param password the tenant user's password; letters, digits and {@code _-.} only */
        public Builder password(String password) {
            Objects.requireNonNull(password, "password");
            if (password.isEmpty() || !password.matches("[A-Za-z0-9_.\\-]+")) {
                throw new IllegalArgumentException(
                        "password: not accepted (expected: non-empty, letters, digits and _-. only)");
            }
            this.password = password;
            return this;
        }

        public Builder database(String database) {
            this.database = identifier("database", database);
            return this;
        }

        /** @param workDir an existing or creatable directory that keeps the data dirs after close */
        public Builder workDir(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
            return this;
        }

        /** @param columnTypes CURRENT (the default: DECIMAL_INT, MYSQL_DATE, MYSQL_DATETIME) or OLDER */
        public Builder columnTypes(ColumnTypes columnTypes) {
            this.columnTypes = Objects.requireNonNull(columnTypes, "columnTypes");
            return this;
        }

        public SandboxConfig build() {
            return new SandboxConfig(this);
        }

        private static String identifier(String what, String value) {
            Objects.requireNonNull(value, what);
            if (!value.matches("[a-z][a-z0-9_]{0,31}")) {
                throw new IllegalArgumentException(what + ": '" + value
                        + "' (expected: lower-case letter, then up to 31 of a-z 0-9 _)");
            }
            return value;
        }
    }
}
