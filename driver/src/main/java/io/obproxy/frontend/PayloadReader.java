package io.obproxy.frontend;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fields of one packet payload: fixed-size little-endian integers, length-encoded
 * integers and strings, NUL-terminated strings. Reading past the end is a {@link MalformedPacketException}.
 */
final class PayloadReader {
    private final byte[] data;
    private int at;

    /** A payload that does not hold what its command says it holds; answered with an error and a close. */
    static final class MalformedPacketException extends RuntimeException {
        MalformedPacketException(String message) {
            super(message);
        }
    }

    PayloadReader(byte[] data) {
        this(data, 0);
    }

    PayloadReader(byte[] data, int start) {
        this.data = data;
        this.at = start;
    }

    int remaining() {
        return data.length - at;
    }

    int position() {
        return at;
    }

    private void need(int n) {
        if (at + n > data.length) {
            throw new MalformedPacketException("packet ends at byte " + data.length + ", " + n + " more needed at " + at);
        }
    }

    int int1() {
        need(1);
        return data[at++] & 0xFF;
    }

    int int2() {
        need(2);
        int v = (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8;
        at += 2;
        return v;
    }

    int int3() {
        need(3);
        int v = (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8 | (data[at + 2] & 0xFF) << 16;
        at += 3;
        return v;
    }

    long int4() {
        need(4);
        long v = (data[at] & 0xFFL) | (data[at + 1] & 0xFFL) << 8 | (data[at + 2] & 0xFFL) << 16
                | (data[at + 3] & 0xFFL) << 24;
        at += 4;
        return v;
    }

    long int8() {
        long low = int4();
        return low | int4() << 32;
    }

    /** @return a length-encoded integer; -1 for the NULL marker 0xFB */
    long lenencInt() {
        int first = int1();
        switch (first) {
            case 0xFB: return -1;
            case 0xFC: return int2();
            case 0xFD: return int3();
            case 0xFE: return nonNegative(int8());
            default: return first;
        }
    }

    private static long nonNegative(long length) {
        if (length < 0) {
            throw new MalformedPacketException("a length of " + Long.toUnsignedString(length) + " bytes");
        }
        return length;
    }

    byte[] bytes(int n) {
        need(n);
        byte[] b = Arrays.copyOfRange(data, at, at + n);
        at += n;
        return b;
    }

    /** @return a length-encoded byte string, or null for NULL */
    byte[] lenencBytes() {
        long n = lenencInt();
        if (n < 0) {
            return null;
        }
        if (n > remaining()) {
            throw new MalformedPacketException("a string of " + n + " bytes in " + remaining());
        }
        return bytes((int) n);
    }

    /** @return the bytes up to the next NUL (consumed), or to the end when there is none */
    byte[] nulBytes() {
        int start = at;
        while (at < data.length && data[at] != 0) {
            at++;
        }
        byte[] b = Arrays.copyOfRange(data, start, at);
        if (at < data.length) {
            at++;
        }
        return b;
    }

    String nulString() {
        return new String(nulBytes(), StandardCharsets.UTF_8);
    }

    /** Copies the bytes from {@code from} to {@code to} (positions, {@link #position}), already read, into {@code target} at {@code at}. */
    void copyTo(int from, int to, byte[] target, int at) {
        System.arraycopy(data, from, target, at, to - from);
    }

    /** @return everything left */
    byte[] rest() {
        return bytes(remaining());
    }

    void skip(int n) {
        need(n);
        at += n;
    }
}
