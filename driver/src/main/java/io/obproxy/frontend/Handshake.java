package io.obproxy.frontend;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The connection phase with one client, up to (not including) the final OK: greeting (handshake
 * v10), the optional switch to TLS, the handshake response, and authentication.
 *
 * <p>Authentication, as the front end is configured:
 * <ul>
 *   <li>A login listed in the users file: the client proves the file's password with
 *   {@code mysql_native_password} or {@code caching_sha2_password} (asked to switch to native when it
 *   offers another plugin); the cluster is logged in to with the file's cluster credentials.</li>
 *   <li>Any other login is passed through: the cluster verifies it, so the front end needs the
 *   plaintext password, which {@code caching_sha2_password} gives: the fast path when the front end
 *   verified this login's password before (it keeps it), else full authentication, over TLS or
 *   with the front end's RSA key. A client that offers another plugin is asked to switch.</li>
 * </ul>
 * A failure is always {@code 1045 Access denied}, never saying which part was wrong.
 *
 * <p>Bounds before login: a packet of at most {@value #MAX_LOGIN_PACKET} bytes (a handshake response
 * with its connection attributes is a few hundred), a login name of at most {@value #MAX_LOGIN_NAME}
 * characters (ODP's longest form, {@code user@tenant#cluster}, within MySQL's and OceanBase's
 * limits); a longer name is refused as any wrong login, without asking the cluster.
 */
final class Handshake {
    static final String NATIVE = "mysql_native_password";
    static final String SHA2 = "caching_sha2_password";
    /** The largest packet a client may send before it is logged in. */
    static final int MAX_LOGIN_PACKET = 64 * 1024;
    /** The longest login name, in characters. */
    static final int MAX_LOGIN_NAME = 256;

    /** Why a login was refused (for the log; the client only learns "access denied"). */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * A client that passed the connection phase.
     *
     * @param login          the name the client gave, in ODP's forms ({@code user@tenant#cluster})
     * @param clusterLogin   the name the cluster is logged in to with
     * @param password       the cluster password
     * @param passThrough    true when the cluster verifies the credentials (not the users file)
     * @param database       the database the client asked for, or null
     * @param capabilities   the flags both sides have
     * @param collation      the collation id the client speaks (its character set)
     * @param mariadbCapabilities MariaDB's extended capabilities both sides have (none with a MySQL client)
     */
    record Login(String login, String clusterLogin, String password, boolean passThrough, String database,
                 int capabilities, int collation, int mariadbCapabilities) {
        /** @return the client reads MariaDB's extended type information in column definitions */
        boolean extendedTypeInfo() {
            return (mariadbCapabilities & Protocol.EXTENDED_METADATA) != 0;
        }

        /** @return the client caches a prepared statement's column definitions (a flag follows each column count) */
        boolean cacheMetadata() {
            return (mariadbCapabilities & Protocol.CACHE_METADATA) != 0;
        }
    }

    private final PacketIO io;
    private final Socket socket;
    private final Authenticator auth;
    private final SSLContext tls;
    /** Whether LOAD DATA LOCAL INFILE is offered (CLIENT_LOCAL_FILES). */
    private final boolean localFiles;
    private final byte[] scramble;
    private boolean secure;
    private String attemptedLogin = "";

    /** @param localFiles whether the greeting offers LOAD DATA LOCAL INFILE (CLIENT_LOCAL_FILES) */
    Handshake(PacketIO io, Socket socket, Authenticator auth, SSLContext tls, boolean localFiles) {
        this(io, socket, auth, tls, localFiles, Scrambles.newScramble());
    }

    /** With a given scramble: for tests whose client's proof must have a given shape. */
    Handshake(PacketIO io, Socket socket, Authenticator auth, SSLContext tls, boolean localFiles, byte[] scramble) {
        this.scramble = scramble;
        this.localFiles = localFiles;
        this.io = io;
        this.socket = socket;
        this.auth = auth;
        this.tls = tls;
    }

    /**
     * @param offerMariadb  offer MariaDB's extended capabilities (the cluster is MariaDB): extended
     *                     type information and cached column definitions; the greeting then says it
     *                     is no MySQL server (CLIENT_MYSQL clear) and carries them
     */
    Login run(long connectionId, String serverVersion, int status, boolean offerMariadb) throws IOException, Refused {
        int offered = Protocol.SERVER_CAPABILITIES | (tls != null ? Protocol.SSL : 0)
                | (localFiles ? Protocol.LOCAL_FILES : 0);
        if (offerMariadb) {
            offered &= ~Protocol.CLIENT_MYSQL;
        }
        int offeredMariadb = offerMariadb ? Protocol.MARIADB_CAPABILITIES : 0;
        greeting(connectionId, serverVersion, offered, status, offeredMariadb);
        byte[] response = io.read();
        PayloadReader r = new PayloadReader(response);
        int caps = (int) r.int4();
        if ((caps & Protocol.SSL) != 0 && tls != null && response.length == 32) {
            startTls();
            response = io.read();
            r = new PayloadReader(response);
            caps = (int) r.int4();
        }
        if ((caps & Protocol.PROTOCOL_41) == 0) {
            throw new Refused("client without PROTOCOL_41");
        }
        boolean mariadbClient = (caps & Protocol.CLIENT_MYSQL) == 0;
        caps &= offered;
        r.int4(); // max packet
        int collation = r.int1();
        r.skip(19);
        int mariadbCaps = (int) r.int4(); // MariaDB's extended capabilities, from a client that is no MySQL one
        mariadbCaps = mariadbClient ? mariadbCaps & offeredMariadb : 0;
        String login = r.nulString();
        byte[] proof = (caps & Protocol.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0 ? r.lenencBytes()
                : (caps & Protocol.SECURE_CONNECTION) != 0 ? r.bytes(r.int1()) : r.nulBytes();
        String database = (caps & Protocol.CONNECT_WITH_DB) != 0 && r.remaining() > 0 ? r.nulString() : null;
        String plugin = (caps & Protocol.PLUGIN_AUTH) != 0 && r.remaining() > 0 ? r.nulString() : NATIVE;
        return authenticate(login, plugin, proof, database, caps, collation, mariadbCaps);
    }

    /** COM_CHANGE_USER: the same proof of a (new) login, against the scramble of this connection. */
    Login reauthenticate(String login, String plugin, byte[] proof, String database, int caps, int collation,
                         int mariadbCaps) throws IOException, Refused {
        return authenticate(login, plugin, proof, database, caps, collation, mariadbCaps);
    }

    private Login authenticate(String login, String plugin, byte[] proof, String database, int caps, int collation,
                               int mariadbCaps) throws IOException, Refused {
        attemptedLogin = login;
        if (login.length() > MAX_LOGIN_NAME) {
            attemptedLogin = login.substring(0, MAX_LOGIN_NAME) + "...";
            throw new Refused("a login name of " + login.length() + " characters (at most " + MAX_LOGIN_NAME + ")");
        }
        UsersFile.User user = auth.users().user(login);
        if (user != null) {
            verifyAgainstFile(user, plugin, proof, caps);
            return new Login(login, user.clusterLogin(), user.clusterPassword(), false, empty(database), caps, collation,
                    mariadbCaps);
        }
        return new Login(login, login, passThrough(login, plugin, proof, caps), true, empty(database), caps, collation,
                mariadbCaps);
    }

    private static String empty(String database) {
        return database == null || database.isEmpty() ? null : database;
    }

    /** The greeting; {@code extended}: MariaDB's extended capabilities, in the last 4 of its 10 reserved bytes. */
    private void greeting(long connectionId, String serverVersion, int capabilities, int status, int extended)
            throws IOException {
        PayloadWriter g = new PayloadWriter().int1(10).nulString(serverVersion).int4(connectionId)
                .bytes(scramble, 0, 8).int1(0).int2(capabilities & 0xFFFF).int1(Protocol.UTF8MB4_GENERAL_CI)
                .int2(status).int2(capabilities >>> 16).int1(Scrambles.LENGTH + 1).zeros(6).int4(extended)
                .bytes(scramble, 8, 12).int1(0).nulString(SHA2);
        io.write(g);
        io.flush();
    }

    private void startTls() throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, socket.getInetAddress().getHostAddress(),
                socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        io.use(ssl.getInputStream(), ssl.getOutputStream());
        secure = true;
    }

    private void verifyAgainstFile(UsersFile.User user, String plugin, byte[] proof, int caps)
            throws IOException, Refused {
        if (SHA2.equals(plugin)) {
            if (!Scrambles.matches(Scrambles.sha2Proof(user.password(), scramble), proof)) {
                throw new Refused("wrong password (caching_sha2_password, users file)");
            }
            if (proof.length > 0) {
                fastAuthSuccess();
            }
            return;
        }
        String asked = plugin;
        if (!NATIVE.equals(plugin)) {
            proof = switchTo(NATIVE, caps);
        }
        if (!Scrambles.matches(Scrambles.nativeProof(user.password(), scramble), proof)) {
            throw new Refused("wrong password (mysql_native_password, users file; client offered " + asked
                    + ", proof of " + proof.length + " bytes)");
        }
    }

    /** @return the client's plaintext password, for the cluster to verify */
    private String passThrough(String login, String plugin, byte[] proof, int caps) throws IOException, Refused {
        if (!SHA2.equals(plugin)) {
            proof = switchTo(SHA2, caps);
        }
        if (proof.length == 0) {
            return ""; // an empty password: nothing to prove
        }
        String known = auth.knownPassword(login);
        if (known != null && Scrambles.matches(Scrambles.sha2Proof(known, scramble), proof)) {
            fastAuthSuccess();
            return known;
        }
        io.write(new PayloadWriter().int1(0x01).int1(0x04)); // perform full authentication
        io.flush();
        byte[] reply = io.read();
        String password;
        if (secure) {
            password = RsaKeys.withoutNul(reply);
        } else {
            if (reply.length == 1 && reply[0] == 0x02) {
                io.write(new PayloadWriter().int1(0x01).bytes(auth.rsa().publicPem()));
                io.flush();
                reply = io.read();
            }
            try {
                password = auth.rsa().decryptPassword(reply, scramble);
            } catch (GeneralSecurityException e) {
                throw new Refused("the password sent with RSA cannot be decrypted: " + e.getMessage());
            }
        }
        if (!Scrambles.matches(Scrambles.sha2Proof(password, scramble), proof)) {
            throw new Refused("the password does not match the client's own proof");
        }
        return password;
    }

    private void fastAuthSuccess() throws IOException {
        io.write(new PayloadWriter().int1(0x01).int1(0x03));
    }

    /**
     * Asks the client to authenticate with another plugin; returns its new proof. A native proof is
     * 20 bytes, or none for an empty password; a reply one byte longer that ends in NUL is such a proof
     * NUL-terminated. A 20-byte proof whose last byte happens to be 0 is kept whole.
     */
    private byte[] switchTo(String plugin, int caps) throws IOException, Refused {
        if ((caps & Protocol.PLUGIN_AUTH) == 0) {
            throw new Refused("client cannot switch to " + plugin);
        }
        io.write(new PayloadWriter().int1(0xFE).nulString(plugin).bytes(scramble).int1(0));
        io.flush();
        byte[] reply = io.read();
        boolean terminated = NATIVE.equals(plugin) && (reply.length == 1 || reply.length == Scrambles.LENGTH + 1)
                && reply[reply.length - 1] == 0;
        return terminated ? Arrays.copyOf(reply, reply.length - 1) : reply;
    }

    /** @return the name the client last tried to log in with ("" before its handshake response) */
    String attemptedLogin() {
        return attemptedLogin;
    }

    /** @return the client's login name in a refusal, as MySQL words it */
    static String accessDenied(String login, Socket socket) {
        String host = socket.getInetAddress() == null ? "" : socket.getInetAddress().getHostAddress();
        return "Access denied for user '" + login + "'@'" + host + "' (using password: YES)";
    }
}
