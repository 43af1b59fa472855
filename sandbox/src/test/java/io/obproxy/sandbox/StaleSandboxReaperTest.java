package io.obproxy.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleSandboxReaperTest {
    @Test
    void reapsOnlyDirectoriesWhoseOwnerIsGone(@TempDir Path root) throws Exception {
        Path mine = Files.createDirectories(root.resolve("mine"));
        StaleSandboxReaper.claim(mine);
        Path recycled = Files.createDirectories(root.resolve("recycled"));
        Files.writeString(recycled.resolve("owner.pid"), ProcessHandle.current().pid() + " 1");
        Files.createDirectories(recycled.resolve("node1/data"));
        Path unowned = Files.createDirectories(root.resolve("being-created"));

        StaleSandboxReaper.reap(root);

        assertTrue(Files.exists(mine), "the live owner's sandbox stays");
        assertFalse(Files.exists(recycled), "same pid, other start time: the owner is gone");
        assertTrue(Files.exists(unowned), "no owner file yet: not a sandbox to touch");
    }
}
