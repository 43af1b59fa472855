package io.obproxy.session;

/**
 * The protocol's length-encoded integers, read in place: a first byte below 0xFB is the value; 0xFC,
 * 0xFD and 0xFE say that 2, 3 or 8 little-endian bytes follow (0xFB is a NULL in a row, 0xFF no
 * integer at all: an error packet's header).
 */
final class LengthEncoded {
    private LengthEncoded() {
    }

    /** @return the bytes of the integer whose first byte is {@code first}, that byte included: 1, 3, 4 or 9 */
    static int size(int first) {
        int b = first & 0xFF;
        return b < 0xFB ? 1 : b == 0xFC ? 3 : b == 0xFD ? 4 : 9;
    }

    /** @return the integer at {@code b[at]} */
    static long value(byte[] b, int at) {
        int first = b[at] & 0xFF;
        if (first < 0xFB) {
            return first;
        }
        long value = 0;
        for (int i = 1; i < size(first); i++) {
            value |= (long) (b[at + i] & 0xFF) << (8 * (i - 1));
        }
        return value;
    }
}
