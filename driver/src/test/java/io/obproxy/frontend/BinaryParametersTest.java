package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The parameter part a passed-through execution sends: what any server takes, whatever executions
 * of the statement it saw before (another route may have had them), so the types are always there.
 */
class BinaryParametersTest {
    private static final int LONGLONG = 0x08;
    private static final int VAR_STRING = 0xFD;

    /** A prepared statement that takes every parameter and does nothing with it. */
    private static final PreparedStatement IGNORING = (PreparedStatement) Proxy.newProxyInstance(
            BinaryParametersTest.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> null);

    /** @return the parameter part of an execute: null bitmap, new-params-bound, [types], values */
    private static PayloadReader part(byte[] nulls, boolean typesBound, int[] types, byte[] values) {
        PayloadWriter w = new PayloadWriter().bytes(nulls).int1(typesBound ? 1 : 0);
        if (typesBound) {
            for (int t : types) {
                w.int2(t);
            }
        }
        w.bytes(values);
        return new PayloadReader(Arrays.copyOf(w.array(), w.length()), 0);
    }

    @Test
    void theTypesGoWithEveryExecutionEvenWhenTheClientSentThemOnlyWithTheFirst() throws SQLException {
        BinaryParameters p = new BinaryParameters(2, 1 << 20);
        int[] types = {LONGLONG, VAR_STRING};
        byte[] values = {7, 0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'};
        byte[] first = p.bind(part(new byte[] {0}, true, types, values), IGNORING).part();
        byte[] expected = {0, 1, LONGLONG, 0, (byte) VAR_STRING, 0, 7, 0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'};
        assertArrayEquals(expected, first);
        byte[] second = p.bind(part(new byte[] {0}, false, null, values), IGNORING).part();
        assertArrayEquals(expected, second, "the types remembered from the first execution");
    }

    @Test
    void aNullParameterHasNoValueAndItsTypeStill() throws SQLException {
        BinaryParameters p = new BinaryParameters(2, 1 << 20);
        byte[] wire = p.bind(part(new byte[] {0b01}, true, new int[] {LONGLONG, LONGLONG},
                new byte[] {5, 0, 0, 0, 0, 0, 0, 0}), IGNORING).part();
        assertArrayEquals(new byte[] {1, 1, LONGLONG, 0, LONGLONG, 0, 5, 0, 0, 0, 0, 0, 0, 0}, wire);
    }

    /**
     * Long data came to the front end only: it goes to the server before the execution, whose part
     * has no value for that parameter (as the client sent it); the next execution has none.
     */
    @Test
    void longDataGoesWithTheExecutionItWasSentFor() throws SQLException {
        BinaryParameters p = new BinaryParameters(2, 1 << 20);
        p.appendLongData(1, new byte[] {'a', 'b'});
        p.appendLongData(1, new byte[] {'c'});
        BinaryParameters.Wire wire = p.bind(part(new byte[] {0}, true, new int[] {LONGLONG, VAR_STRING},
                new byte[] {3, 0, 0, 0, 0, 0, 0, 0}), IGNORING);
        assertNull(wire.longData()[0]);
        assertArrayEquals(new byte[] {'a', 'b', 'c'}, wire.longData()[1]);
        assertArrayEquals(new byte[] {0, 1, LONGLONG, 0, (byte) VAR_STRING, 0, 3, 0, 0, 0, 0, 0, 0, 0}, wire.part());
        assertNull(p.bind(part(new byte[] {0b10}, false, null, new byte[] {3, 0, 0, 0, 0, 0, 0, 0}), IGNORING).longData());
    }

    @Test
    void noParametersNoPart() throws SQLException {
        BinaryParameters.Wire wire = new BinaryParameters(0, 1024).bind(new PayloadReader(new byte[0], 0), IGNORING);
        assertArrayEquals(new byte[0], wire.part());
        assertNull(wire.longData());
    }
}
