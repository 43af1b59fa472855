package io.obproxy.frontend;

import com.mysql.cj.MysqlType;
import com.mysql.cj.result.Field;
import com.mysql.cj.util.LazyString;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Writes result sets to a client as they are read from the backend (nothing is buffered beyond
 * one row, so a blocked client slows the read: backpressure): the column count, one column
 * definition per column taken from the backend's own ({@link Field}: type, flags, character set,
 * length, decimals, names), the end of the definitions, the rows (text protocol: each value as the
 * backend sent it; binary protocol: encoded by column type), and the end of the rows.
 */
final class ResultWriter {
    // MySQL column types (enum_field_types)
    static final int DECIMAL = 0;
    static final int TINY = 1;
    static final int SHORT = 2;
    static final int LONG = 3;
    static final int FLOAT = 4;
    static final int DOUBLE = 5;
    static final int NULL = 6;
    static final int TIMESTAMP = 7;
    static final int LONGLONG = 8;
    static final int INT24 = 9;
    static final int DATE = 10;
    static final int TIME = 11;
    static final int DATETIME = 12;
    static final int YEAR = 13;
    static final int VARCHAR = 15;
    static final int BIT = 16;
    static final int NEWDECIMAL = 0xF6;
    static final int VAR_STRING = 0xFD;
    static final int STRING = 0xFE;
    // column flags
    private static final int BLOB_FLAG = 16;
    private static final int UNSIGNED_FLAG = 32;
    private static final int BINARY_FLAG = 128;
    private static final int NOT_FIXED_DECIMALS = 31;

    private final PacketIO io;
    private final Replies replies;
    private final PayloadWriter out = new PayloadWriter();

    ResultWriter(PacketIO io, Replies replies) {
        this.io = io;
        this.replies = replies;
    }

    /**
     * @return the column definitions of a result: the backend's own, or for rows the driver made
     * itself (plain java.sql metadata: BIGINT and VARCHAR columns) those a server gives such columns
     */
    static Field[] fields(ResultSetMetaData md) throws SQLException {
        if (md.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetMetaData.class)) {
            return md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields();
        }
        Field[] fields = new Field[md.getColumnCount()];
        for (int c = 1; c <= fields.length; c++) {
            boolean number = md.getColumnType(c) == java.sql.Types.BIGINT;
            LazyString name = new LazyString(md.getColumnLabel(c));
            LazyString none = new LazyString("");
            fields[c - 1] = number
                    ? new Field(none, none, none, name, name, md.getPrecision(c), LONGLONG, (short) BINARY_FLAG, 0,
                            Protocol.BINARY_COLLATION, "US-ASCII", MysqlType.BIGINT)
                    : new Field(none, none, none, name, name, md.getPrecision(c) * 4L, VAR_STRING, (short) 0, 0,
                            Protocol.UTF8MB4_GENERAL_CI, "UTF-8", MysqlType.VARCHAR);
        }
        return fields;
    }

    /** Column count, definitions, and their end (an EOF unless the client deprecated it). */
    void columns(Field[] fields, int status) throws IOException {
        out.reset().lenencInt(fields.length);
        io.write(out);
        for (Field f : fields) {
            definition(f, false);
        }
        replies.endOfColumns(status);
    }

    /**
     * One column definition.
     *
     * @param withDefault true for COM_FIELD_LIST, whose definitions end with the default value (none here)
     */
    void definition(Field f, boolean withDefault) throws IOException {
        out.reset().lenencString("def").lenencString(text(f.getDatabaseName())).lenencString(text(f.getTableName()))
                .lenencString(text(f.getOriginalTableName())).lenencString(text(f.getColumnLabel()))
                .lenencString(text(f.getOriginalName())).int1(0x0c).int2(f.getCollationIndex())
                .int4(Math.min(wireLength(f), 0xFFFFFFFFL)).int1(f.getMysqlTypeId()).int2(wireFlags(f))
                .int1(wireDecimals(f)).int2(0);
        if (withDefault) {
            out.int1(0xFB);
        }
        io.write(out);
    }

    /**
     * @return the length the server sent, where Connector/J kept another number: an integer's
     * precision (the server sends the type's display width), a DECIMAL's precision (the server adds
     * a sign unless unsigned and a point when it has decimals)
     */
    static long wireLength(Field f) {
        boolean unsigned = (f.getFlags() & UNSIGNED_FLAG) != 0;
        switch (f.getMysqlTypeId()) {
            case TINY:
                // TINYINT(1) is the one integer whose width Connector/J reads (as a boolean or bit)
                return f.getMysqlType() == MysqlType.BOOLEAN || f.getMysqlType() == MysqlType.BIT ? 1 : unsigned ? 3 : 4;
            case SHORT:
                return unsigned ? 5 : 6;
            case INT24:
                return unsigned ? 8 : 9;
            case LONG:
                return unsigned ? 10 : 11;
            case LONGLONG:
                return 20;
            case DECIMAL:
            case NEWDECIMAL:
                return f.getLength() + (f.getDecimals() > 0 ? 1 : 0) + (unsigned ? 0 : 1);
            default:
                return f.getLength();
        }
    }

    /** @return the decimals the server sent: 31 (not fixed) for FLOAT and DOUBLE, which Connector/J reads as 0 */
    static int wireDecimals(Field f) {
        int type = f.getMysqlTypeId();
        return (type == FLOAT || type == DOUBLE) && f.getDecimals() == 0 ? NOT_FIXED_DECIMALS : f.getDecimals();
    }

    /**
     * @return the flags the server sent: Connector/J adds BLOB to binary strings and BIT columns
     * (and BINARY to BIT), which servers never set on those types
     */
    static int wireFlags(Field f) {
        int type = f.getMysqlTypeId();
        if (type == BIT) {
            return f.getFlags() & ~(BLOB_FLAG | BINARY_FLAG);
        }
        if (type == VAR_STRING || type == STRING || type == VARCHAR) {
            return f.getFlags() & ~BLOB_FLAG;
        }
        return f.getFlags();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** Writes the rows of a text-protocol result, each value as the backend sent it. */
    long textRows(ResultSet rs, int columns) throws SQLException, IOException {
        long rows = 0;
        while (rs.next()) {
            out.reset();
            for (int c = 1; c <= columns; c++) {
                out.lenencBytes(rs.getBytes(c));
            }
            io.write(out);
            rows++;
        }
        return rows;
    }

    /** Writes the rows of a binary-protocol result, each value encoded for its column's type. */
    long binaryRows(ResultSet rs, Field[] fields) throws SQLException, IOException {
        long rows = 0;
        int bitmapBytes = (fields.length + 9) / 8;
        while (rs.next()) {
            out.reset().int1(0x00);
            int bitmapAt = out.length();
            out.zeros(bitmapBytes);
            for (int c = 0; c < fields.length; c++) {
                if (!value(rs, c + 1, fields[c])) {
                    int bit = c + 2;
                    out.array()[bitmapAt + bit / 8] |= (byte) (1 << (bit % 8));
                }
            }
            io.write(out);
            rows++;
        }
        return rows;
    }

    /** Appends one binary value; returns false (writing nothing) for NULL. */
    private boolean value(ResultSet rs, int column, Field f) throws SQLException {
        int type = f.getMysqlTypeId();
        switch (type) {
            case TINY:
            case SHORT:
            case YEAR:
            case LONG:
            case INT24:
            case LONGLONG:
                return integer(rs, column, type, f.isUnsigned());
            case FLOAT: {
                float v = rs.getFloat(column);
                if (rs.wasNull()) {
                    return false;
                }
                out.int4(Float.floatToIntBits(v) & 0xFFFFFFFFL);
                return true;
            }
            case DOUBLE: {
                double v = rs.getDouble(column);
                if (rs.wasNull()) {
                    return false;
                }
                out.int8(Double.doubleToLongBits(v));
                return true;
            }
            case DATE:
            case DATETIME:
            case TIMESTAMP: {
                String v = rs.getString(column);
                if (v == null) {
                    return false;
                }
                TemporalCodec.writeDateTime(out, v);
                return true;
            }
            case TIME: {
                String v = rs.getString(column);
                if (v == null) {
                    return false;
                }
                TemporalCodec.writeTime(out, v);
                return true;
            }
            case NULL:
                return false;
            default: {
                byte[] v = rs.getBytes(column);
                if (v == null) {
                    return false;
                }
                out.lenencBytes(v);
                return true;
            }
        }
    }

    /** An integer in the width of its column type: 1, 2, 4 or 8 bytes (unsigned BIGINT as its 64 bits). */
    private boolean integer(ResultSet rs, int column, int type, boolean unsigned) throws SQLException {
        long v;
        if (type == LONGLONG && unsigned) {
            BigDecimal big = rs.getBigDecimal(column);
            if (big == null) {
                return false;
            }
            v = big.toBigInteger().longValue();
        } else {
            v = rs.getLong(column);
            if (rs.wasNull()) {
                return false;
            }
        }
        switch (type) {
            case TINY:
                out.int1((int) v);
                break;
            case SHORT:
            case YEAR:
                out.int2((int) v);
                break;
            case LONG:
            case INT24:
                out.int4(v);
                break;
            default:
                out.int8(v);
                break;
        }
        return true;
    }
}
