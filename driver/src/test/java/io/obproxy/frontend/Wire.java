package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Raw MySQL packets for the front end's tests: commands to send, and what the replies were. */
final class Wire {
    private Wire() {
    }

    /** @return a command's payload: the command byte, then {@code args} */
    static byte[] command(int command, byte... args) {
        byte[] p = new byte[args.length + 1];
        p[0] = (byte) command;
        System.arraycopy(args, 0, p, 1, args.length);
        return p;
    }

    /** @return a command's payload with a text argument (UTF-8) */
    static byte[] command(int command, String text) {
        return command(command, text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return {@code value} as {@code n} little-endian bytes */
    static byte[] le(long value, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    /** @return the arrays one after the other */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** @return the payloads of the packets in {@code wire}, checking that their sequence ids count up */
    static List<byte[]> payloads(byte[] wire) {
        List<byte[]> payloads = new ArrayList<>();
        int at = 0;
        int expectedSequence = -1;
        while (at < wire.length) {
            int length = (wire[at] & 0xFF) | (wire[at + 1] & 0xFF) << 8 | (wire[at + 2] & 0xFF) << 16;
            int sequence = wire[at + 3] & 0xFF;
            if (expectedSequence >= 0) {
                assertEquals(expectedSequence, sequence, "sequence id of packet " + payloads.size());
            }
            expectedSequence = sequence + 1;
            payloads.add(Arrays.copyOfRange(wire, at + 4, at + 4 + length));
            at += 4 + length;
        }
        return payloads;
    }

    /**
     * @return what a reply packet is, in the words the tests compare: {@code OK rows=1 status=0x0002}
     * (affected rows and insert id under 251, one byte each),
     * {@code EOF status=0x000a}, {@code ERR 1047 08S01}, or {@code TEXT <the text>}
     */
    static String describe(byte[] payload) {
        switch (payload[0] & 0xFF) {
            case 0x00:
                return "OK rows=" + (payload[1] & 0xFF) + " status=" + hex((payload[3] & 0xFF) | (payload[4] & 0xFF) << 8);
            case 0xFF:
                return "ERR " + ((payload[1] & 0xFF) | (payload[2] & 0xFF) << 8) + " "
                        + new String(payload, 4, 5, StandardCharsets.US_ASCII);
            case 0xFE:
                return "EOF status=" + hex((payload[3] & 0xFF) | (payload[4] & 0xFF) << 8);
            default:
                return "TEXT " + new String(payload, StandardCharsets.US_ASCII);
        }
    }

    /** @return the descriptions of every packet of {@code wire}, in order */
    static List<String> describeAll(byte[] wire) {
        return payloads(wire).stream().map(Wire::describe).toList();
    }

    /** @return the message of an ERR packet */
    static String errorMessage(byte[] err) {
        return new String(err, 9, err.length - 9, StandardCharsets.UTF_8);
    }

    private static String hex(int status) {
        return String.format("0x%04x", status);
    }
}
