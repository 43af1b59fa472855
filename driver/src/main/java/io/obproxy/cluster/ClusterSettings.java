package io.obproxy.cluster;

/**
 * How a cluster's shared state is kept; the first connection to a cluster sets them for all.
 *
 * @param discover              read the server list from the metadata (else the seeds are the servers)
 * @param refreshSeconds        period of the background server-list refresh
 * @param metadataTimeoutMillis bound on one metadata query (server list, locations)
 * @param columnTypes           how the tenant stores DECIMAL, DATE, DATETIME (read where locations
 *                              come from the DBA views)
 * @param metadataLogin         logs in with the metadata credentials (metadataUser), or null: the
 *                              metadata is then read with a connection's proven login
 * @param metrics               count routes, retries, cache lookups and the rest ({@code metrics}
 *                              property); the cluster's metrics are exported only when true
 */
public record ClusterSettings(boolean discover, int refreshSeconds, int metadataTimeoutMillis,
                              ColumnTypes columnTypes, ServerConnector metadataLogin,
                              boolean metrics) {
}
