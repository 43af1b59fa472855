package io.obproxy.session;

/**
 * A LOAD DATA LOCAL INFILE stream ({@link ConnectorJ#localInfileSource}) that is told the name of each
 * file the server asks for, as the server's request has it, before the file is read: Connector/J
 * keeps the name to itself, so it is read from the request as it arrives.
 */
public interface RequestedFiles {
    /** @param fileName the name in the server's request (0xFB and the name) */
    void requested(String fileName);
}
