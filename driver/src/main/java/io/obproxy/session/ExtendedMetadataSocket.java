package io.obproxy.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A physical connection's socket that asks a MariaDB server for its extended type information
 * (data type names such as {@code uuid}, the {@code json} format) in column definitions, for the
 * front end's MariaDB clients, while Connector/J, which cannot read them, never sees that field.
 * Connector/J's handshake leaves the capability out and reads definitions by position, from its own
 * first queries on, so both must happen below it: the handshake response gets the capability on its
 * way out ({@link ExtendedMetadataOutput}) and each definition loses the field on its way in
 * ({@link ExtendedMetadataInput}), except while the front end's relay reads a reply
 * ({@link #keepTypeInfo}). A connection that could not ask (TLS, compression, a server without the
 * capability: MySQL, OceanBase, MariaDB before 10.5) passes every byte as it is.
 *
 * <p>Everything else is the connected socket's: this class only delegates.
 */
public final class ExtendedMetadataSocket extends Socket {
    private final Socket socket;
    private final ExtendedMetadataInput in;
    private final ExtendedMetadataOutput out;

    /** @param socket a connected socket, before the server's greeting was read */
    public ExtendedMetadataSocket(Socket socket) throws IOException {
        super((SocketImpl) null);
        this.socket = socket;
        this.in = new ExtendedMetadataInput(socket.getInputStream());
        this.out = new ExtendedMetadataOutput(socket.getOutputStream(), in);
    }

    /** @return whether column definitions read from this socket carry extended type information */
    public boolean negotiated() {
        return out.negotiated();
    }

    /**
     * While on, column definitions are read as the server sent them, with their type information
     * (the front end copies them to a client); off again, they lose it for Connector/J.
     */
    public void keepTypeInfo(boolean keep) {
        in.keepTypeInfo(keep);
    }

    /** @return the socket's own stream for the rest of the reply just asked for, or null ({@link ExtendedMetadataInput#takeReply}) */
    InputStream takeReply() {
        return in.takeReply();
    }

    /**
     * @return the channel below this socket's streams, when reading and writing it is reading and
     * writing them: in blocking mode, and no read timeout set (the stream keeps it, the channel would
     * not); else null
     */
    SocketChannel plainBlockingChannel() throws SocketException {
        SocketChannel channel = socket.getChannel();
        return channel != null && channel.isBlocking() && socket.getSoTimeout() == 0 ? channel : null;
    }

    /**
     * A command packet was written whole to {@link #plainBlockingChannel}, past this socket's stream:
     * the input learns of it as of one written through the stream.
     */
    void commandWrittenBelow(int command) {
        out.commandWrittenBelow(command);
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public SocketChannel getChannel() {
        return socket.getChannel();
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new SocketException("already connected");
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        throw new SocketException("already bound");
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        socket.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return socket.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        socket.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return socket.getSoLinger();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        socket.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return socket.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        socket.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return socket.getKeepAlive();
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public String toString() {
        return socket.toString();
    }
}
