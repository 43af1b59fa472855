package io.obproxy.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DirectChannelBufferTest {
    @Test
    void readsAtMostTheAskedAndTheCapacityThenTheEndAndWritesWhatFitsWhole() throws IOException {
        byte[] sent = new byte[100];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) i;
        }
        try (LoopbackChannels channels = LoopbackChannels.afterClientSent(sent)) {
            SocketChannel accepted = channels.accepted();
            DirectChannelBuffer reads = new DirectChannelBuffer(32);
            byte[] into = new byte[200];
            int at = 5;
            int n = reads.read(accepted, into, at, 10);
            assertEquals(10, n, "no more than asked");
            at += n;
            while (at < 5 + sent.length) {
                n = reads.read(accepted, into, at, 200 - at);
                assertTrue(n > 0 && n <= 32, "at least one byte, no more than the capacity: " + n);
                at += n;
            }
            assertArrayEquals(sent, Arrays.copyOfRange(into, 5, 105), "every byte, in order, from the offset");
            assertEquals(0, into[4], "nothing before the offset");
            assertEquals(-1, reads.read(accepted, into, 0, 10), "then the end of the stream");

            reads.write(accepted, new byte[] {9, 8, 7}, 2, sent, 10, 30);
            byte[] expected = new byte[32];
            expected[0] = 9;
            expected[1] = 8;
            System.arraycopy(sent, 10, expected, 2, 30);
            assertArrayEquals(expected, channels.clientReceives(32), "the head's first bytes, then the slice, whole");
            assertThrows(IllegalArgumentException.class, () -> reads.write(accepted, new byte[1], 1, sent, 0, 32),
                    "more than the buffer holds");
        }
    }
}
