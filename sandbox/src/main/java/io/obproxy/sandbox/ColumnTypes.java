package io.obproxy.sandbox;

/**
 * How a tenant stores column types, as OceanBase's {@code ObObjType} numbers in
 * {@code part_key_type}. A current tenant (OceanBase 4.2.1 and later, the defaults of
 * {@code _enable_decimal_int_type} and {@code _enable_mysql_compatible_dates}) stores DECIMAL as
 * DECIMAL_INT (50), DATE as MYSQL_DATE (52) and DATETIME as MYSQL_DATETIME (53); an older tenant
 * as NUMBER (15; 16 unsigned), DATE (19) and DATETIME (17). The two hash differently.
 */
public enum ColumnTypes {
    /** DECIMAL_INT, MYSQL_DATE, MYSQL_DATETIME. */
    CURRENT,
    /** NUMBER, DATE, DATETIME, as tenants created before those settings. */
    OLDER;

    /** Maps a MariaDB data type to OceanBase's {@code ObObjType} number. */
    int obType(String dataType, boolean unsigned) {
        switch (dataType) {
            case "tinyint": return unsigned ? 6 : 1;
            case "smallint": return unsigned ? 7 : 2;
            case "mediumint": return unsigned ? 8 : 3;
            case "int": return unsigned ? 9 : 4;
            case "bigint": return unsigned ? 10 : 5;
            case "float": return unsigned ? 13 : 11;
            case "double": return unsigned ? 14 : 12;
            case "decimal": return this == CURRENT ? 50 : unsigned ? 16 : 15;
            case "datetime": return this == CURRENT ? 53 : 17;
            case "timestamp": return 18;
            case "date": return this == CURRENT ? 52 : 19;
            case "time": return 20;
            case "year": return 21;
            case "varchar": case "varbinary": return 22;
            case "char": case "binary": return 23;
            case "tinytext": case "tinyblob": return 27;
            case "text": case "blob": return 28;
            case "mediumtext": case "mediumblob": return 29;
            case "longtext": case "longblob": return 30;
            case "bit": return 31;
            case "enum": return 32;
            case "set": return 33;
            default:
                throw new IllegalArgumentException("no OceanBase partition key type for '" + dataType + "'");
        }
    }
}
