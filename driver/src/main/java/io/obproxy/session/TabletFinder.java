package io.obproxy.session;

import io.obproxy.cluster.LocationCache;
import io.obproxy.cluster.Replica;
import io.obproxy.cluster.TableLocation;
import io.obproxy.route.NotRoutableException;
import io.obproxy.route.ParameterValues;
import io.obproxy.route.PartitionRouter;
import io.obproxy.sql.SqlInfo;
import io.obproxy.sql.StatementKind;
import io.obproxy.sql.TableName;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas of the tablet a statement touches: for reads and writes that name tables, the first
 * table whose location is known and whose tablet the statement's keys determine (joins and
 * multi-table statements: the first such table, in the order the statement names them; a column
 * qualified by another table's name or alias is not a key of this one). A LOAD DATA goes where its
 * table's one tablet is, as an INSERT would (a partitioned table's rows are known only from the
 * file: the default route).
 */
final class TabletFinder {
    private static final Logger log = LoggerFactory.getLogger(TabletFinder.class);

    private TabletFinder() {
    }

    /**
     * @param zone the session's time zone (TIMESTAMP keys are read in it), null when unknown
     * @return the tablet's replicas, leader first, or null when the statement has no computable location
     */
    static List<Replica> replicas(LocationCache locations, SqlInfo info, ParameterValues parameters, String database,
                                  ZoneId zone) {
        StatementKind kind = info.kind();
        if (info.tables().isEmpty() || info.isMulti() || !(kind == StatementKind.SELECT || kind == StatementKind.INSERT
                || kind == StatementKind.REPLACE || kind == StatementKind.UPDATE || kind == StatementKind.DELETE
                || kind == StatementKind.LOAD_DATA)) {
            return null;
        }
        for (TableName table : info.tables()) {
            String db = table.database() != null ? table.database() : database;
            if (db == null) {
                continue;
            }
            Optional<TableLocation> location = locations.get(db, table.table());
            if (location.isEmpty()) {
                continue;
            }
            try {
                List<Replica> replicas = location.get().replicasOf(PartitionRouter.tablet(location.get(),
                        info.keyValuesOf(table), parameters, zone));
                if (replicas != null && !replicas.isEmpty()) {
                    return replicas;
                }
            } catch (NotRoutableException e) {
                log.debug("{}.{}: not routable by partition: {}", db, table.table(), e.getMessage());
            }
        }
        return null;
    }
}
