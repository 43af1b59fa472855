package io.obproxy.frontend;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Arrays;

/**
 * The parameters of one prepared statement in the binary protocol: their types, remembered from
 * the last execute that sent them (libmariadb sends them only on the first execute after binding),
 * and long data sent beforehand ({@code COM_STMT_SEND_LONG_DATA}, at most the maximum packet size
 * per parameter, as servers hold it to max_allowed_packet). {@link #bind} decodes an execute's
 * values into the JDBC statement's setters.
 */
final class BinaryParameters {
    private static final byte[] NONE = new byte[0];
    private static final int UNSIGNED = 0x80;

    private final int count;
    private final int[] types;
    private final ByteArrayOutputStream[] longData;
    private final int maxLongData;
    /** A parameter's long data went over the limit: the next execute fails (and forgets it). */
    private boolean longDataTooLong;

    BinaryParameters(int count, int maxLongData) {
        this.count = count;
        this.types = new int[count];
        this.longData = new ByteArrayOutputStream[count];
        this.maxLongData = maxLongData;
        Arrays.fill(types, ResultWriter.VAR_STRING);
    }

    int count() {
        return count;
    }

    /** COM_STMT_SEND_LONG_DATA: appends a chunk to a parameter's value. */
    void appendLongData(int index, byte[] chunk) {
        if (index < 0 || index >= count) {
            throw new PayloadReader.MalformedPacketException("long data for parameter " + index + " of " + count);
        }
        if (longData[index] == null) {
            longData[index] = new ByteArrayOutputStream();
        }
        if ((long) longData[index].size() + chunk.length > maxLongData) {
            longDataTooLong = true;
            longData[index] = new ByteArrayOutputStream(); // not kept: the execute is refused anyway
            return;
        }
        longData[index].writeBytes(chunk);
    }

    /** COM_STMT_RESET: forgets long data. */
    void reset() {
        Arrays.fill(longData, null);
        longDataTooLong = false;
    }

    /**
     * Reads the parameter part of a COM_STMT_EXECUTE (after statement id, flags and iteration count)
     * and sets every parameter on {@code ps}; long data is used and forgotten.
     *
     * @return the execution as any server takes it, whatever executions it saw before
     */
    Wire bind(PayloadReader in, PreparedStatement ps) throws SQLException {
        if (longDataTooLong) {
            reset();
            throw new SQLException("Parameter of prepared statement which is set through mysql_send_long_data() is longer"
                    + " than 'max_allowed_packet' bytes", "HY000", 1153);
        }
        if (count == 0) {
            return new Wire(null, NONE);
        }
        byte[] nulls = in.bytes((count + 7) / 8);
        if (in.int1() == 1) {
            for (int i = 0; i < count; i++) {
                types[i] = in.int2();
            }
        }
        int valuesFrom = in.position();
        byte[][] sentLongData = null;
        for (int i = 0; i < count; i++) {
            int p = i + 1;
            if ((nulls[i / 8] & (1 << (i % 8))) != 0) {
                ps.setNull(p, Types.NULL);
            } else if (longData[i] != null) {
                byte[] value = longData[i].toByteArray();
                setBytesOrText(ps, p, types[i], value);
                longData[i] = null;
                sentLongData = sentLongData != null ? sentLongData : new byte[count][];
                sentLongData[i] = value;
            } else {
                set(in, ps, p, types[i]);
            }
        }
        return new Wire(sentLongData, wire(nulls, in, valuesFrom));
    }

    /**
     * An execution's parameters as a server takes them.
     *
     * @param longData each parameter's long data ({@code COM_STMT_SEND_LONG_DATA}), to be sent to the
     *                 server before the execution; null when there is none, null for a parameter without
     * @param part     the COM_STMT_EXECUTE's part after the iteration count: the null bitmap,
     *                 new-params-bound 1 and every type, then the values as the client sent them
     *                 (none for a parameter with long data)
     */
    record Wire(byte[][] longData, byte[] part) {
    }

    /** The null bitmap, new-params-bound 1, every type, then the values read from {@code valuesFrom} on. */
    private byte[] wire(byte[] nulls, PayloadReader in, int valuesFrom) {
        int valuesLength = in.position() - valuesFrom;
        byte[] wire = new byte[nulls.length + 1 + 2 * count + valuesLength];
        System.arraycopy(nulls, 0, wire, 0, nulls.length);
        int at = nulls.length;
        wire[at++] = 1;
        for (int type : types) {
            wire[at++] = (byte) type;
            wire[at++] = (byte) (type >>> 8);
        }
        in.copyTo(valuesFrom, in.position(), wire, at);
        return wire;
    }

    private static void set(PayloadReader in, PreparedStatement ps, int p, int typeAndFlag) throws SQLException {
        boolean unsigned = (typeAndFlag & (UNSIGNED << 8)) != 0;
        int type = typeAndFlag & 0xFF;
        switch (type) {
            case ResultWriter.TINY:
                int tiny = in.int1();
                ps.setLong(p, unsigned ? tiny : (byte) tiny);
                break;
            case ResultWriter.SHORT:
            case ResultWriter.YEAR:
                int small = in.int2();
                ps.setLong(p, unsigned ? small : (short) small);
                break;
            case ResultWriter.LONG:
            case ResultWriter.INT24:
                long medium = in.int4();
                ps.setLong(p, unsigned ? medium : (int) medium);
                break;
            case ResultWriter.LONGLONG:
                long big = in.int8();
                if (unsigned && big < 0) {
                    ps.setBigDecimal(p, new BigDecimal(new BigInteger(Long.toUnsignedString(big))));
                } else {
                    ps.setLong(p, big);
                }
                break;
            case ResultWriter.FLOAT:
                ps.setFloat(p, Float.intBitsToFloat((int) in.int4()));
                break;
            case ResultWriter.DOUBLE:
                ps.setDouble(p, Double.longBitsToDouble(in.int8()));
                break;
            case ResultWriter.DATE:
            case ResultWriter.DATETIME:
            case ResultWriter.TIMESTAMP:
                ps.setString(p, TemporalCodec.readDateTime(in, type == ResultWriter.DATE));
                break;
            case ResultWriter.TIME:
                setTime(ps, p, TemporalCodec.readTime(in));
                break;
            case ResultWriter.NULL:
                ps.setNull(p, Types.NULL);
                break;
            default:
                setBytesOrText(ps, p, type, in.lenencBytes());
                break;
        }
    }

    /**
     * A TIME goes on as a binary TIME when it has no fraction of a second, so the server converts it
     * as the client's own (into a DATETIME column: today at that time), else as text. Connector/J
     * drops the fraction of every temporal object it sends to a server whose version it reads as older
     * than 5.6.4, which MariaDB's greeting is ("5.5.5-10.11..."): the text keeps it (a fractional TIME
     * for a DATETIME column is then refused as an incorrect datetime, as it is given as text).
     */
    private static void setTime(PreparedStatement ps, int p, Duration time) throws SQLException {
        if (time.getNano() == 0) {
            ps.setObject(p, time);
        } else {
            ps.setString(p, TemporalCodec.text(time));
        }
    }

    /** BLOB and GEOMETRY types are bytes; DECIMAL is a number; other strings are UTF-8 text or else bytes. */
    private static void setBytesOrText(PreparedStatement ps, int p, int typeAndFlag, byte[] value) throws SQLException {
        int type = typeAndFlag & 0xFF;
        if (type >= 0xF9 && type <= 0xFC || type == 0xFF) {
            ps.setBytes(p, value);
        } else if (type == ResultWriter.DECIMAL || type == ResultWriter.NEWDECIMAL) {
            ps.setBigDecimal(p, DecimalParameter.parse(value, p));
        } else {
            // a string parameter carries raw bytes (no character set): text when they are UTF-8, else
            // bytes as they are (into a binary column, as the server would store them)
            String text = QueryText.utf8(value);
            if (text != null) {
                ps.setString(p, text);
            } else {
                ps.setBytes(p, value);
            }
        }
    }
}
