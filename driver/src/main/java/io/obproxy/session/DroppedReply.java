package io.obproxy.session;

/**
 * Where the reply to a statement of the driver's own goes when nobody reads it (a held BEGIN sent
 * through {@link PacketRelay#run}): every packet is dropped. Its end still updates the connection's
 * status flags and session state changes, which {@link PacketRelay} reads before it hands an end on.
 */
final class DroppedReply implements RelaySink {
    static final DroppedReply SINK = new DroppedReply();

    private DroppedReply() {
    }

    @Override
    public void started(ConnectorJ.ServerCall killQuery) {
    }

    @Override
    public boolean extendedTypeInfo() {
        return false;
    }

    @Override
    public void columnCount(byte[] payload, int length) {
    }

    @Override
    public void definition(byte[] payload, int length) {
    }

    @Override
    public void definitionsEnd() {
    }

    @Override
    public void row(byte[] payload, int length) {
    }

    @Override
    public void rowsEnd(int warnings, boolean more) {
    }

    @Override
    public void ok(long affectedRows, long lastInsertId, int warnings, String info, boolean more) {
    }

    @Override
    public boolean delivered() {
        return false;
    }
}
