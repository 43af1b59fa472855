package io.obproxy.frontend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional users file: front-end users the front end checks itself (so that clients limited to
 * {@code mysql_native_password} can log in), and the cluster credentials each one uses. One user a
 * line: {@code <login> <password> [<cluster login> <cluster password>]}, separated by white space;
 * {@code #} starts a comment. Without cluster credentials the front-end ones are used.
 */
final class UsersFile {
    /** One user: the password the client proves, and what the cluster is logged in to with. */
    record User(String password, String clusterLogin, String clusterPassword) {
    }

    private final Map<String, User> users;

    private UsersFile(Map<String, User> users) {
        this.users = Map.copyOf(users);
    }

    static UsersFile empty() {
        return new UsersFile(Map.of());
    }

    /** @param users per login: password, or password, cluster login, cluster password */
    static UsersFile of(Map<String, String[]> users) {
        Map<String, User> map = new HashMap<>();
        users.forEach((login, f) -> map.put(login, f.length >= 3 ? new User(f[0], f[1], f[2]) : new User(f[0], login, f[0])));
        return new UsersFile(map);
    }

    /** @throws IllegalArgumentException naming the file and line that is not {@code login password [login password]} */
    static UsersFile read(Path file) throws IOException {
        Map<String, User> users = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 2 && f.length != 4) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + f.length
                        + " fields (expected: login password [cluster-login cluster-password])");
            }
            users.put(f[0], f.length == 4 ? new User(f[1], f[2], f[3]) : new User(f[1], f[0], f[1]));
        }
        return new UsersFile(users);
    }

    /** @return the user with this login, or null when the file does not list it */
    User user(String login) {
        return users.get(login);
    }
}
