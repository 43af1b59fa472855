package io.obproxy.frontend;

import io.obproxy.session.ConnectorJ;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Writes result sets to a client as they are read from the backend (nothing is buffered beyond
 * one row, so a blocked client slows the read: backpressure): the column count, one column
 * definition per column as the backend sent it ({@link ConnectorJ.Column}: type, flags, character
 * set, length, decimals, names), the end of the definitions, the rows (text protocol: each value as the
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
    static final int BINARY_FLAG = 128;

    private final PacketIO io;
    private final Replies replies;
    private final PayloadWriter out = new PayloadWriter();

    /** Whether the client reads MariaDB's extended type information in column definitions. */
    private final boolean extendedTypeInfo;
    /** Whether the client caches column definitions: a "metadata follows" flag after each column count. */
    private final boolean cacheMetadata;

    /**
     * @param extendedTypeInfo the client reads MariaDB's extended type information (written empty)
     * @param cacheMetadata    the client caches column definitions (here always sent, flagged so)
     */
    ResultWriter(PacketIO io, Replies replies, boolean extendedTypeInfo, boolean cacheMetadata) {
        this.io = io;
        this.replies = replies;
        this.extendedTypeInfo = extendedTypeInfo;
        this.cacheMetadata = cacheMetadata;
    }

    /** Column count, definitions, and their end (an EOF unless the client deprecated it). */
    void columns(ConnectorJ.Column[] columns, int status) throws IOException {
        out.reset().lenencInt(columns.length);
        if (cacheMetadata) {
            out.int1(1); // metadata follows
        }
        io.write(out);
        for (ConnectorJ.Column column : columns) {
            definition(column, false);
        }
        replies.endOfColumns(status);
    }

    /**
     * One column definition.
     *
     * @param withDefault true for COM_FIELD_LIST, whose definitions end with the default value (none here)
     */
    void definition(ConnectorJ.Column c, boolean withDefault) throws IOException {
        out.reset().lenencString("def").lenencString(c.database()).lenencString(c.table())
                .lenencString(c.originalTable()).lenencString(c.label()).lenencString(c.originalName());
        if (extendedTypeInfo) {
            out.int1(0); // none known: Connector/J's view of a column has no MariaDB type name
        }
        out.int1(0x0c).int2(c.collation()).int4(c.length()).int1(c.type()).int2(c.flags()).int1(c.decimals()).int2(0);
        if (withDefault) {
            out.int1(0xFB);
        }
        io.write(out);
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
    long binaryRows(ResultSet rs, ConnectorJ.Column[] columns) throws SQLException, IOException {
        long rows = 0;
        int bitmapBytes = (columns.length + 9) / 8;
        while (rs.next()) {
            out.reset().int1(0x00);
            int bitmapAt = out.length();
            out.zeros(bitmapBytes);
            for (int c = 0; c < columns.length; c++) {
                if (!value(rs, c + 1, columns[c])) {
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
    private boolean value(ResultSet rs, int column, ConnectorJ.Column c) throws SQLException {
        int type = c.type();
        switch (type) {
            case TINY:
            case SHORT:
            case YEAR:
            case LONG:
            case INT24:
            case LONGLONG:
                return integer(rs, column, type, c.unsigned());
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
