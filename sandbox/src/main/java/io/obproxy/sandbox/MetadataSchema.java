package io.obproxy.sandbox;

import java.util.List;

/**
 * The DDL of the emulated OceanBase metadata in database {@code oceanbase} on every node.
 *
 * <p>Design: what the sandbox decides (servers, zones, tenants, declared tables, tablets and their
 * leaders) lives in plain InnoDB tables that {@link MetadataModel} rewrites, in one transaction per
 * node, whenever it changes. {@code __all_virtual_proxy_schema} is a view that joins those tablets
 * with {@code information_schema.TABLES}, so that a table created through any node (and replicated
 * to all) is listed at once as a one-tablet table, and a dropped table disappears. The
 * {@code __sandbox_*} tables also feed the stored routine the generated triggers call to refuse
 * writes on a non-leader with OceanBase's error 4038.
 *
 * <p>Differences from OceanBase, on purpose: a query without a {@code tablet_id} predicate lists
 * every tablet plus, for each table, its first tablet again under {@code tablet_id = 0} (OceanBase
 * answers {@code tablet_id = 0} with the first tablet; a view cannot tell the two queries apart).
 */
final class MetadataSchema {
    private MetadataSchema() {
    }

    /** Databases that are never user tables. */
    static final String SYSTEM_DATABASES = "'mysql','information_schema','performance_schema','sys','oceanbase'";

    static final List<String> TABLES = List.of(
            """
            CREATE TABLE IF NOT EXISTS oceanbase.__sandbox_server (
              SVR_IP varchar(46) NOT NULL, SVR_PORT bigint NOT NULL, ID bigint NOT NULL,
              ZONE varchar(128) NOT NULL, SQL_PORT bigint NOT NULL, WITH_ROOTSERVER varchar(3) NOT NULL,
              STATUS varchar(64) NOT NULL, START_SERVICE_TIME datetime(6) NULL, STOP_TIME datetime(6) NULL,
              BLOCK_MIGRATE_IN_TIME datetime(6) NULL, CREATE_TIME datetime(6) NULL,
              MODIFY_TIME datetime(6) NULL, BUILD_VERSION varchar(256) NOT NULL,
              LAST_OFFLINE_TIME datetime(6) NULL,
              PRIMARY KEY (SVR_IP, SVR_PORT), UNIQUE KEY (ID)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.DBA_OB_ZONES (
              ZONE varchar(128) NOT NULL, CREATE_TIME datetime(6) NULL, MODIFY_TIME datetime(6) NULL,
              STATUS varchar(64) NOT NULL, IDC varchar(128) NOT NULL, REGION varchar(128) NOT NULL,
              TYPE varchar(64) NOT NULL, PRIMARY KEY (ZONE)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.DBA_OB_TENANTS (
              TENANT_ID bigint NOT NULL, TENANT_NAME varchar(128) NOT NULL, TENANT_TYPE varchar(4) NOT NULL,
              CREATE_TIME datetime(6) NULL, MODIFY_TIME datetime(6) NULL, PRIMARY_ZONE varchar(128) NULL,
              LOCALITY text NULL, PREVIOUS_LOCALITY text NULL,
              COMPATIBILITY_MODE varchar(6) NOT NULL, STATUS varchar(64) NOT NULL,
              IN_RECYCLEBIN varchar(3) NOT NULL, LOCKED varchar(3) NOT NULL, TENANT_ROLE varchar(100) NOT NULL,
              SWITCHOVER_STATUS varchar(100) NOT NULL, SWITCHOVER_EPOCH bigint NOT NULL,
              SYNC_SCN bigint unsigned NULL, REPLAYABLE_SCN bigint unsigned NULL,
              READABLE_SCN bigint unsigned NULL, RECOVERY_UNTIL_SCN bigint unsigned NULL,
              LOG_MODE varchar(100) NOT NULL, ARBITRATION_SERVICE_STATUS varchar(64) NOT NULL,
              UNIT_NUM bigint NOT NULL, COMPATIBLE varchar(64) NOT NULL, MAX_LS_ID bigint NOT NULL,
              PRIMARY KEY (TENANT_ID), UNIQUE KEY (TENANT_NAME)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.DBA_OB_ZONE_MAJOR_COMPACTION (
              ZONE varchar(128) NOT NULL, BROADCAST_SCN bigint unsigned NOT NULL, LAST_SCN bigint unsigned NOT NULL,
              LAST_FINISH_TIME datetime(6) NULL, START_TIME datetime(6) NULL, STATUS varchar(64) NOT NULL,
              PRIMARY KEY (ZONE)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.__sandbox_table (
              table_id bigint NOT NULL, database_name varchar(128) NOT NULL, table_name varchar(256) NOT NULL,
              part_level bigint NOT NULL, tablet_count bigint NOT NULL, schema_version bigint NOT NULL,
              PRIMARY KEY (table_id), UNIQUE KEY (database_name, table_name)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.__sandbox_tablet (
              tablet_id bigint NOT NULL, table_id bigint NOT NULL, ordinal bigint NOT NULL,
              part_idx bigint NOT NULL, sub_idx bigint NOT NULL, leader_id bigint NOT NULL,
              PRIMARY KEY (tablet_id), UNIQUE KEY (table_id, part_idx, sub_idx)
            ) ENGINE=InnoDB""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.__sandbox_level (
              table_id bigint NOT NULL, level bigint NOT NULL, parent_idx bigint NOT NULL,
              part_type bigint NOT NULL, part_num bigint NOT NULL,
              PRIMARY KEY (table_id, level, parent_idx)
            ) ENGINE=InnoDB""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.__sandbox_bound (
              table_id bigint NOT NULL, level bigint NOT NULL, parent_idx bigint NOT NULL,
              part_idx bigint NOT NULL, high_value bigint NULL, list_value bigint NULL,
              is_default tinyint NOT NULL,
              KEY (table_id, level, parent_idx)
            ) ENGINE=InnoDB""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.__all_virtual_proxy_partition_info (
              tenant_name varchar(128) NOT NULL, table_id bigint NOT NULL, part_level bigint NOT NULL,
              all_part_num bigint NOT NULL, template_num bigint NOT NULL, part_id_rule_ver bigint NOT NULL,
              part_type bigint NOT NULL, part_num bigint NOT NULL, is_column_type tinyint NOT NULL,
              part_space bigint NOT NULL, part_expr text NOT NULL, part_expr_bin text NULL,
              part_range_type varchar(1024) NOT NULL, part_interval text NULL,
              part_interval_bin text NULL, interval_start text NULL,
              interval_start_bin text NULL,
              sub_part_type bigint NOT NULL, sub_part_num bigint NOT NULL, is_sub_column_type tinyint NOT NULL,
              sub_part_space bigint NOT NULL, sub_part_expr text NOT NULL,
              sub_part_expr_bin text NULL, sub_part_range_type varchar(1024) NOT NULL,
              def_sub_part_interval text NULL, def_sub_part_interval_bin text NULL,
              def_sub_interval_start text NULL, def_sub_interval_start_bin text NULL,
              part_key_num bigint NOT NULL, part_key_name varchar(128) NOT NULL, part_key_type bigint NOT NULL,
              part_key_idx bigint NOT NULL, part_key_level bigint NOT NULL, part_key_extra text NOT NULL,
              part_key_collation_type bigint NOT NULL, part_key_rowkey_idx bigint NOT NULL,
              part_key_expr text NOT NULL, part_key_length bigint NOT NULL,
              part_key_precision bigint NOT NULL, part_key_scale bigint NOT NULL,
              spare1 bigint NOT NULL, spare2 bigint NOT NULL, spare3 bigint NOT NULL,
              spare4 text NOT NULL, spare5 text NOT NULL, spare6 text NOT NULL,
              part_key_default_value text NULL,
              PRIMARY KEY (tenant_name, table_id, part_key_level, part_key_idx)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.__all_virtual_proxy_partition (
              tenant_name varchar(128) NOT NULL, table_id bigint NOT NULL, part_id bigint NOT NULL,
              part_name varchar(64) NOT NULL, status bigint NOT NULL, low_bound_val text NOT NULL,
              low_bound_val_bin text NOT NULL, high_bound_val text NOT NULL,
              high_bound_val_bin text NOT NULL, part_position bigint NOT NULL, tablet_id bigint NOT NULL,
              sub_part_num bigint NOT NULL, sub_part_space bigint NOT NULL, sub_part_interval text NULL,
              sub_part_interval_bin text NULL, sub_interval_start text NULL,
              sub_interval_start_bin text NULL,
              spare1 bigint NOT NULL, spare2 bigint NOT NULL, spare3 bigint NOT NULL,
              spare4 text NOT NULL, spare5 text NOT NULL, spare6 text NOT NULL,
              PRIMARY KEY (tenant_name, table_id, part_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""",
            """
            CREATE TABLE IF NOT EXISTS oceanbase.__all_virtual_proxy_sub_partition (
              tenant_name varchar(128) NOT NULL, table_id bigint NOT NULL, part_id bigint NOT NULL,
              sub_part_id bigint NOT NULL, part_name varchar(64) NOT NULL, status bigint NOT NULL,
              low_bound_val text NOT NULL, low_bound_val_bin text NOT NULL,
              high_bound_val text NOT NULL, high_bound_val_bin text NOT NULL,
              sub_part_position bigint NULL, tablet_id bigint NOT NULL,
              spare1 bigint NOT NULL, spare2 bigint NOT NULL, spare3 bigint NOT NULL,
              spare4 text NOT NULL, spare5 text NOT NULL, spare6 text NOT NULL,
              PRIMARY KEY (tenant_name, table_id, part_id, sub_part_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""");

    /** Tables {@link MetadataModel} rewrites on every change, in dependency-free order. */
    static final List<String> MODEL_TABLES = List.of("__sandbox_server", "DBA_OB_ZONES", "DBA_OB_ZONE_MAJOR_COMPACTION",
            "DBA_OB_TENANTS",
            "__sandbox_table", "__sandbox_tablet", "__sandbox_level", "__sandbox_bound",
            "__all_virtual_proxy_partition_info", "__all_virtual_proxy_partition",
            "__all_virtual_proxy_sub_partition");

    /**
     * Refuses a reader that is not of the sys tenant (a user name ending in {@code @sys}, or the
     * sandbox's admin, {@code %1$s}), as a user tenant cannot read a sys-only view on OceanBase
     * (which answers 1146, no such table; MariaDB reports the error raised inside a view as 1356).
     * {@code USER()} is the session's login even inside the views' definer context.
     */
    static final String SYS_ONLY_FUNCTION = """
            CREATE OR REPLACE FUNCTION oceanbase.__sandbox_sys_only(p_view VARCHAR(64)) RETURNS INT
            NOT DETERMINISTIC NO SQL
            BEGIN
              DECLARE v_user VARCHAR(300) DEFAULT
                  SUBSTRING(USER(), 1, CHAR_LENGTH(USER()) - CHAR_LENGTH(SUBSTRING_INDEX(USER(), '@', -1)) - 1);
              DECLARE v_message VARCHAR(200) DEFAULT
                  CONCAT('Table ', CHAR(39), 'oceanbase.', p_view, CHAR(39), ' doesn', CHAR(39), 't exist');
              IF v_user LIKE '%%@sys' OR v_user = '%1$s' THEN
                RETURN 1;
              END IF;
              SIGNAL SQLSTATE '42S02' SET MYSQL_ERRNO = 1146, MESSAGE_TEXT = v_message;
            END""";

    /**
     * {@code DBA_OB_SERVERS} and {@code GV$OB_SERVERS}: sys-tenant views on OceanBase (odp-facts,
     * corrections), so only sys-tenant users read them here; GV$OB_SERVERS lists the servers that
     * answer, so INACTIVE ones are missing, as on OceanBase.
     */
    static final List<String> SERVER_VIEWS = List.of("""
            CREATE OR REPLACE VIEW oceanbase.DBA_OB_SERVERS AS
            SELECT SVR_IP, SVR_PORT, ID, ZONE, SQL_PORT, WITH_ROOTSERVER, STATUS, START_SERVICE_TIME, STOP_TIME,
                   BLOCK_MIGRATE_IN_TIME, CREATE_TIME, MODIFY_TIME, BUILD_VERSION, LAST_OFFLINE_TIME
            FROM oceanbase.__sandbox_server WHERE oceanbase.__sandbox_sys_only('DBA_OB_SERVERS') = 1""", """
            CREATE OR REPLACE VIEW oceanbase.`GV$OB_SERVERS` AS
            SELECT SVR_IP, SVR_PORT, ZONE, SQL_PORT, 2 AS CPU_CAPACITY, 2.0 AS CPU_CAPACITY_MAX,
                   2.0 AS CPU_ASSIGNED, 2.0 AS CPU_ASSIGNED_MAX, 1073741824 AS MEM_CAPACITY,
                   1073741824 AS MEM_ASSIGNED, START_SERVICE_TIME
            FROM oceanbase.__sandbox_server
            WHERE STATUS = 'ACTIVE' AND oceanbase.__sandbox_sys_only('GV$OB_SERVERS') = 1""");

    /**
     * The location view. {@code %1$s} is the tenant name. Three parts: declared tables (one row per
     * replica of each tablet), tables nobody declared (one tablet, leader chosen by a hash of the
     * name), and the tenant's {@code __all_dummy} entry; each table's first tablet is listed again
     * as {@code tablet_id = 0}.
     */
    static final String PROXY_SCHEMA_VIEW = """
            CREATE OR REPLACE VIEW oceanbase.__all_virtual_proxy_schema AS
            SELECT CAST('%1$s' AS CHAR(128)) AS tenant_name,
                   CAST(d.database_name AS CHAR(128)) AS database_name,
                   CAST(d.table_name AS CHAR(256)) AS table_name,
                   IF(a.alias, 0, t.tablet_id) AS tablet_id,
                   s.SVR_IP AS svr_ip, s.SQL_PORT AS sql_port, d.table_id AS table_id,
                   IF(s.ID = t.leader_id, 1, 2) AS role, d.tablet_count AS part_num,
                   (SELECT COUNT(*) FROM oceanbase.__sandbox_server) AS replica_num,
                   3 AS table_type, d.schema_version AS schema_version,
                   0 AS spare1, 0 AS spare2, 0 AS spare3, '' AS spare4, '' AS spare5, '' AS spare6,
                   0 AS complex_table_type, '' AS level1_decoded_db_name, '' AS level1_decoded_table_name,
                   '' AS level2_decoded_column_name, 0 AS replica_type, 0 AS dup_replica_type,
                   100 AS memstore_percent
            FROM oceanbase.__sandbox_table d
            JOIN oceanbase.__sandbox_tablet t ON t.table_id = d.table_id
            JOIN (SELECT 0 AS alias UNION ALL SELECT 1) a ON a.alias = 0 OR t.ordinal = 0
            JOIN oceanbase.__sandbox_server s
            WHERE EXISTS (SELECT 1 FROM information_schema.TABLES x
                          WHERE x.TABLE_SCHEMA = d.database_name AND x.TABLE_NAME = d.table_name)
            UNION ALL
            SELECT '%1$s', x.TABLE_SCHEMA, x.TABLE_NAME,
                   IF(a.alias, 0, 500000 + CRC32(CONCAT(x.TABLE_SCHEMA, '.', x.TABLE_NAME))),
                   s.SVR_IP, s.SQL_PORT, 500000 + CRC32(CONCAT(x.TABLE_SCHEMA, '.', x.TABLE_NAME)),
                   IF(s.ID = 1 + MOD(CRC32(CONCAT(x.TABLE_SCHEMA, '.', x.TABLE_NAME)),
                                     (SELECT COUNT(*) FROM oceanbase.__sandbox_server)), 1, 2),
                   1, (SELECT COUNT(*) FROM oceanbase.__sandbox_server), 3,
                   IFNULL(UNIX_TIMESTAMP(x.CREATE_TIME), 0) * 1000000,
                   0, 0, 0, '', '', '', 0, '', '', '', 0, 0, 100
            FROM information_schema.TABLES x
            JOIN (SELECT 0 AS alias UNION ALL SELECT 1) a
            JOIN oceanbase.__sandbox_server s
            WHERE x.TABLE_TYPE = 'BASE TABLE' AND x.TABLE_SCHEMA NOT IN (%2$s)
              AND NOT EXISTS (SELECT 1 FROM oceanbase.__sandbox_table d
                              WHERE d.database_name = x.TABLE_SCHEMA AND d.table_name = x.TABLE_NAME)
            UNION ALL
            SELECT '%1$s', 'oceanbase', '__all_dummy', 0, s.SVR_IP, s.SQL_PORT, 1,
                   IF(s.ID = (SELECT MIN(ID) FROM oceanbase.__sandbox_server), 1, 2), 1,
                   (SELECT COUNT(*) FROM oceanbase.__sandbox_server), 0, 1,
                   0, 0, 0, '', '', '', 0, '', '', '', 0, 0, 100
            FROM oceanbase.__sandbox_server s""";

    /**
     * {@code DBA_OB_TABLE_LOCATIONS}, the view a user tenant reads where the proxy tables are closed
     * to it: one row per replica of each tablet, partitions named as MariaDB names them by default
     * ({@code p0}, sub-partitions {@code p0sp0}), a missing level named with the string {@code 'NULL'}
     * as OceanBase's view does (odp-facts, corrections). Each tablet is its own log stream here (LS_ID =
     * tablet id), so that a tablet's leader is its log stream's leader, as on OceanBase. {@code %1$s}:
     * the system databases.
     */
    static final String TABLE_LOCATIONS_VIEW = """
            CREATE OR REPLACE VIEW oceanbase.DBA_OB_TABLE_LOCATIONS AS
            SELECT d.table_id AS TABLE_ID, d.database_name AS DATABASE_NAME, d.table_name AS TABLE_NAME,
                   'USER TABLE' AS TABLE_TYPE,
                   IF(d.part_level = 0, 'NULL', CONCAT('p', t.part_idx)) AS PARTITION_NAME,
                   IF(t.sub_idx < 0, 'NULL', CONCAT('p', t.part_idx, 'sp', t.sub_idx)) AS SUBPARTITION_NAME,
                   CAST(NULL AS CHAR(128)) AS INDEX_NAME, CAST(NULL AS SIGNED) AS DATA_TABLE_ID,
                   t.tablet_id AS TABLET_ID, t.tablet_id AS LS_ID, s.ZONE AS ZONE, s.SVR_IP AS SVR_IP,
                   s.SVR_PORT AS SVR_PORT, IF(s.ID = t.leader_id, 'LEADER', 'FOLLOWER') AS ROLE,
                   'FULL' AS REPLICA_TYPE
            FROM oceanbase.__sandbox_table d
            JOIN oceanbase.__sandbox_tablet t ON t.table_id = d.table_id
            JOIN oceanbase.__sandbox_server s
            WHERE EXISTS (SELECT 1 FROM information_schema.TABLES x
                          WHERE x.TABLE_SCHEMA = d.database_name AND x.TABLE_NAME = d.table_name)
            UNION ALL
            SELECT 500000 + CRC32(CONCAT(x.TABLE_SCHEMA, '.', x.TABLE_NAME)), x.TABLE_SCHEMA, x.TABLE_NAME,
                   'USER TABLE', 'NULL', 'NULL', NULL, NULL,
                   500000 + CRC32(CONCAT(x.TABLE_SCHEMA, '.', x.TABLE_NAME)),
                   500000 + CRC32(CONCAT(x.TABLE_SCHEMA, '.', x.TABLE_NAME)), s.ZONE, s.SVR_IP, s.SVR_PORT,
                   IF(s.ID = 1 + MOD(CRC32(CONCAT(x.TABLE_SCHEMA, '.', x.TABLE_NAME)),
                                     (SELECT COUNT(*) FROM oceanbase.__sandbox_server)), 'LEADER', 'FOLLOWER'),
                   'FULL'
            FROM information_schema.TABLES x
            JOIN oceanbase.__sandbox_server s
            WHERE x.TABLE_TYPE = 'BASE TABLE' AND x.TABLE_SCHEMA NOT IN (%1$s)
              AND NOT EXISTS (SELECT 1 FROM oceanbase.__sandbox_table d
                              WHERE d.database_name = x.TABLE_SCHEMA AND d.table_name = x.TABLE_NAME)""";

    /** {@code DBA_OB_LS_LOCATIONS}: each log stream's replicas with their SQL ports. */
    static final String LS_LOCATIONS_VIEW = """
            CREATE OR REPLACE VIEW oceanbase.DBA_OB_LS_LOCATIONS AS
            SELECT l.LS_ID AS LS_ID, l.SVR_IP AS SVR_IP, l.SVR_PORT AS SVR_PORT, s.SQL_PORT AS SQL_PORT,
                   l.ZONE AS ZONE, l.ROLE AS ROLE, 'FULL' AS REPLICA_TYPE
            FROM oceanbase.DBA_OB_TABLE_LOCATIONS l
            JOIN oceanbase.__sandbox_server s ON s.SVR_IP = l.SVR_IP AND s.SVR_PORT = l.SVR_PORT""";

    /**
     * Partition index of an integer key at one level, as OceanBase computes it for HASH, RANGE and
     * LIST; NULL when no partition takes the key.
     */
    static final String PART_INDEX_FUNCTION = """
            CREATE OR REPLACE FUNCTION oceanbase.__sandbox_part_index(
                p_table BIGINT, p_level BIGINT, p_parent BIGINT, p_key BIGINT) RETURNS BIGINT
            READS SQL DATA
            BEGIN
              DECLARE v_type BIGINT DEFAULT (SELECT part_type FROM oceanbase.__sandbox_level
                  WHERE table_id = p_table AND level = p_level AND parent_idx = p_parent);
              DECLARE v_num BIGINT DEFAULT (SELECT part_num FROM oceanbase.__sandbox_level
                  WHERE table_id = p_table AND level = p_level AND parent_idx = p_parent);
              DECLARE v_idx BIGINT DEFAULT NULL;
              IF v_type = 0 THEN
                IF p_key IS NULL THEN RETURN 0; END IF;
                IF p_key = -9223372036854775808 THEN RETURN MOD(9223372036854775807, v_num); END IF;
                RETURN MOD(ABS(p_key), v_num);
              ELSEIF v_type = 3 THEN
                IF p_key IS NULL THEN RETURN 0; END IF;
                SET v_idx = (SELECT MIN(part_idx) FROM oceanbase.__sandbox_bound
                    WHERE table_id = p_table AND level = p_level AND parent_idx = p_parent
                      AND (high_value IS NULL OR high_value > p_key));
              ELSEIF v_type = 5 THEN
                SET v_idx = (SELECT MIN(part_idx) FROM oceanbase.__sandbox_bound
                    WHERE table_id = p_table AND level = p_level AND parent_idx = p_parent
                      AND list_value = p_key);
                IF v_idx IS NULL THEN
                  SET v_idx = (SELECT MIN(part_idx) FROM oceanbase.__sandbox_bound
                      WHERE table_id = p_table AND level = p_level AND parent_idx = p_parent AND is_default = 1);
                END IF;
              END IF;
              RETURN v_idx;
            END""";

    /** Refuses a row write on a node that does not lead the row's tablet: errno 4038, as OceanBase. */
    static final String CHECK_LEADER_PROCEDURE = """
            CREATE OR REPLACE PROCEDURE oceanbase.__sandbox_check_leader(
                p_table BIGINT, p_key1 BIGINT, p_key2 BIGINT)
            READS SQL DATA
            BEGIN
              DECLARE v_part BIGINT DEFAULT oceanbase.__sandbox_part_index(p_table, 1, -1, p_key1);
              DECLARE v_sub BIGINT DEFAULT -1;
              DECLARE v_leader BIGINT;
              IF EXISTS (SELECT 1 FROM oceanbase.__sandbox_level
                         WHERE table_id = p_table AND level = 2 AND parent_idx = v_part) THEN
                SET v_sub = oceanbase.__sandbox_part_index(p_table, 2, v_part, p_key2);
              END IF;
              SET v_leader = (SELECT leader_id FROM oceanbase.__sandbox_tablet
                  WHERE table_id = p_table AND part_idx = v_part AND sub_idx = v_sub);
              IF v_leader IS NOT NULL AND v_leader <> @@server_id MOD 100 THEN
                SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 4038, MESSAGE_TEXT = 'Not master';
              END IF;
            END""";
}
