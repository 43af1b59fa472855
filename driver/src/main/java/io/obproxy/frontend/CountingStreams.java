package io.obproxy.frontend;

import io.obproxy.metrics.FrontendMetrics;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A client's streams, counting the bytes read and written in the front end's metrics (one add per read or write). */
final class CountingStreams {
    private CountingStreams() {
    }

    static InputStream in(InputStream in, FrontendMetrics metrics) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    metrics.received(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    metrics.received(n);
                }
                return n;
            }
        };
    }

    static OutputStream out(OutputStream out, FrontendMetrics metrics) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                metrics.sent(1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length); // whole, not byte by byte as FilterOutputStream would
                metrics.sent(length);
            }
        };
    }
}
