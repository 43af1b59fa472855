package io.obproxy.frontend;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one packet payload in a growable buffer, reused from packet to packet ({@link #reset}):
 * little-endian integers, length-encoded integers and strings, NUL-terminated strings.
 */
final class PayloadWriter {
    private byte[] buf = new byte[256];
    private int length;

    PayloadWriter reset() {
        length = 0;
        return this;
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return length;
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    PayloadWriter int1(int v) {
        ensure(1);
        buf[length++] = (byte) v;
        return this;
    }

    PayloadWriter int2(int v) {
        ensure(2);
        buf[length++] = (byte) v;
        buf[length++] = (byte) (v >>> 8);
        return this;
    }

    PayloadWriter int3(int v) {
        ensure(3);
        buf[length++] = (byte) v;
        buf[length++] = (byte) (v >>> 8);
        buf[length++] = (byte) (v >>> 16);
        return this;
    }

    PayloadWriter int4(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[length++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    PayloadWriter int8(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[length++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    PayloadWriter lenencInt(long v) {
        if (v >= 0 && v < 0xFB) {
            return int1((int) v);
        }
        if (v >= 0 && v < 1 << 16) {
            return int1(0xFC).int2((int) v);
        }
        if (v >= 0 && v < 1 << 24) {
            return int1(0xFD).int3((int) v);
        }
        return int1(0xFE).int8(v);
    }

    PayloadWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    PayloadWriter bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, length, n);
        length += n;
        return this;
    }

    /** A length-encoded string, or the NULL marker for null. */
    PayloadWriter lenencBytes(byte[] b) {
        if (b == null) {
            return int1(0xFB);
        }
        return lenencInt(b.length).bytes(b);
    }

    PayloadWriter lenencString(String s) {
        return lenencBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    PayloadWriter nulString(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8)).int1(0);
    }

    PayloadWriter zeros(int n) {
        ensure(n);
        Arrays.fill(buf, length, length + n, (byte) 0);
        length += n;
        return this;
    }
}
