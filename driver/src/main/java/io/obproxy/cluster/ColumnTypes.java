package io.obproxy.cluster;

import java.util.OptionalInt;

/**
 * How a tenant stores DECIMAL, DATE and DATETIME columns, which the DBA-view fallback must know
 * because information_schema gives only MySQL types. A current tenant (OceanBase 4.2.1 and later:
 * {@code _enable_decimal_int_type}, {@code _enable_mysql_compatible_dates}) stores them as
 * DECIMAL_INT (50), MYSQL_DATE (52), MYSQL_DATETIME (53); an older tenant as NUMBER (15, unsigned
 * 16), DATE (19), DATETIME (17). They hash differently.
 */
public enum ColumnTypes {
    CURRENT,
    OLDER;

    /** @return the {@code ObObjType} of a DECIMAL, DATE or DATETIME column (unsigned DECIMAL included), else empty */
    OptionalInt obType(String mysqlDataType) {
        switch (mysqlDataType) {
            case "decimal": return OptionalInt.of(this == CURRENT ? 50 : 15);
            case "date": return OptionalInt.of(this == CURRENT ? 52 : 19);
            case "datetime": return OptionalInt.of(this == CURRENT ? 53 : 17);
            default: return OptionalInt.empty();
        }
    }
}
