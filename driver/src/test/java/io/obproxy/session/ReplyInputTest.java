package io.obproxy.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplyInput} cuts a stream of MySQL packets into payloads whatever sizes the reads return:
 * many packets in one read, one byte per read, packets longer than its buffer, payloads of 16 MB and
 * more in chunks; and it never reads past the last packet asked for.
 */
class ReplyInputTest {
    private static final int MAX_CHUNK = 0xFFFFFF;

    @Test
    void manyShortPacketsComeOutWholeAndInOrder() throws IOException {
        byte[][] payloads = {{1}, {0x00, 0x00, 0x00, 0x02, 0x00}, {(byte) 0xFE, 0, 0, 2, 0}};
        ReplyInput in = new ReplyInput(new ByteArrayInputStream(packets(payloads)), new byte[16 * 1024]);
        byte[] packet = new byte[1];
        for (int i = 0; i < payloads.length; i++) {
            packet = in.read(packet);
            assertArrayEquals(payloads[i], Arrays.copyOf(packet, in.length()));
            assertEquals(i, in.sequence());
        }
    }

    @Test
    void readsThatReturnOneByteAtATimeGiveTheSamePackets() throws IOException {
        byte[][] payloads = {random(3, 1), random(20_000, 2), random(40_000, 3), random(7, 4)};
        ReplyInput in = new ReplyInput(oneByteAtATime(packets(payloads)), new byte[16 * 1024]);
        byte[] packet = new byte[16];
        for (byte[] payload : payloads) {
            packet = in.read(packet);
            assertArrayEquals(payload, Arrays.copyOf(packet, in.length()));
        }
    }

    @Test
    void aPayloadOfSixteenMegabytesOrMoreIsJoinedFromItsChunks() throws IOException {
        byte[] big = random(MAX_CHUNK + 1000, 5);
        byte[] exact = random(MAX_CHUNK, 6);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        chunked(wire, big, 0);
        chunked(wire, exact, 2); // a full chunk, then an empty one ends it
        chunked(wire, new byte[] {9}, 4);
        ReplyInput in = new ReplyInput(new ByteArrayInputStream(wire.toByteArray()), new byte[16 * 1024]);
        byte[] packet = in.read(new byte[256]);
        assertArrayEquals(big, Arrays.copyOf(packet, in.length()));
        packet = in.read(packet);
        assertArrayEquals(exact, Arrays.copyOf(packet, in.length()));
        packet = in.read(packet);
        assertArrayEquals(new byte[] {9}, Arrays.copyOf(packet, in.length()));
    }

    @Test
    void nothingPastTheLastPacketAskedForIsReadWhenTheStreamHasNoMore() throws IOException {
        byte[] wire = packets(new byte[][] {random(100, 7)});
        // a stream that would block (here: fail) if asked for a byte beyond the reply
        InputStream exact = new ByteArrayInputStream(wire) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (available() == 0) {
                    throw new AssertionError("read past the reply");
                }
                return super.read(b, off, len);
            }
        };
        ReplyInput in = new ReplyInput(exact, new byte[16 * 1024]);
        in.read(new byte[8]);
        assertEquals(100, in.length());
    }

    @Test
    void aStreamThatEndsInsideAPacketIsAnEndOfFile() {
        byte[] wire = packets(new byte[][] {random(100, 8)});
        ReplyInput in = new ReplyInput(new ByteArrayInputStream(Arrays.copyOf(wire, 50)), new byte[16 * 1024]);
        assertThrows(EOFException.class, () -> in.read(new byte[8]));
    }

    @Test
    void anEmptyPacketIsRefused() {
        ReplyInput in = new ReplyInput(new ByteArrayInputStream(new byte[] {0, 0, 0, 1}), new byte[16 * 1024]);
        assertThrows(IOException.class, () -> in.read(new byte[8]));
    }

    private static byte[] packets(byte[][] payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < payloads.length; i++) {
            header(out, payloads[i].length, i);
            out.writeBytes(payloads[i]);
        }
        return out.toByteArray();
    }

    /** A payload as the server sends it: chunks of 16 MB - 1, the last one shorter (empty when it fits exactly). */
    private static void chunked(ByteArrayOutputStream out, byte[] payload, int sequence) {
        int offset = 0;
        while (true) {
            int chunk = Math.min(MAX_CHUNK, payload.length - offset);
            header(out, chunk, sequence++);
            out.write(payload, offset, chunk);
            offset += chunk;
            if (chunk < MAX_CHUNK) {
                return;
            }
        }
    }

    private static void header(ByteArrayOutputStream out, int length, int sequence) {
        out.write(length);
        out.write(length >>> 8);
        out.write(length >>> 16);
        out.write(sequence);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static InputStream oneByteAtATime(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }
}
