package io.obproxy.frontend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * What the front end knows to authenticate clients, shared by all of them: the users file, the
 * RSA key pair, and the passwords the cluster accepted for pass-through logins (so that the same
 * login can take {@code caching_sha2_password}'s fast path next time; at most 10,000, each
 * forgotten an hour after it was last confirmed). Only the cluster's own answers change that record:
 * a login it refused forgets the password only when it is the very one recorded (changed on the
 * cluster since), so that a client's wrong password never takes the fast path from the login's
 * owner.
 */
final class Authenticator {
    private final UsersFile users;
    private final RsaKeys rsa;
    private final Cache<String, String> verified = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1)).executor(Runnable::run).build();

    Authenticator(UsersFile users, RsaKeys rsa) {
        this.users = users;
        this.rsa = rsa;
    }

    UsersFile users() {
        return users;
    }

    RsaKeys rsa() {
        return rsa;
    }

    /** @return the password the cluster last accepted for a pass-through login, or null */
    String knownPassword(String login) {
        return verified.getIfPresent(login);
    }

    /** The cluster accepted this login with this password. */
    void accepted(String login, String password) {
        verified.put(login, password);
    }

    /** The cluster refused this login with this password: the fast path must not use that password again. */
    void refused(String login, String password) {
        verified.asMap().remove(login, password);
    }
}
