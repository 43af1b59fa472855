package io.obproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.obproxy.jdbc.ObProxyDriver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: without it on the class path every class of the driver
 * but the binder loads and initializes, a driver instance counts and lists its metrics, and asking
 * for a registry says what is missing. The driver's classes are loaded again by a class loader that
 * cannot see Micrometer.
 */
class MicrometerOptionalTest {
    private static final String BINDER_PACKAGE = "io.obproxy.metrics.micrometer.";

    /** Loads the driver's own classes from its class directory, and refuses Micrometer's. */
    private static final class WithoutMicrometer extends ClassLoader {
        private final Path classes;

        WithoutMicrometer(Path classes) {
            super(MicrometerOptionalTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("io.micrometer.")) {
                    throw new ClassNotFoundException(name + " (hidden by the test)");
                }
                if (!name.startsWith("io.obproxy.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                Path file = classes.resolve(name.replace('.', '/') + ".class");
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }

    private static Path classDirectory() throws URISyntaxException {
        return Path.of(ObProxyDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<String> driverClasses(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString().replace('/', '.').replaceFirst("\\.class$", ""))
                    .filter(n -> n.startsWith("io.obproxy."))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyClassButTheBinderLoadsWithoutMicrometer() throws Exception {
        Path root = classDirectory();
        ClassLoader loader = new WithoutMicrometer(root);
        List<String> names = driverClasses(root);
        assertTrue(names.size() > 100, "the driver's classes: " + names.size());
        for (String name : names) {
            if (!name.startsWith(BINDER_PACKAGE)) {
                Class.forName(name, true, loader); // loaded, linked, verified, initialized
            }
        }
        assertThrows(NoClassDefFoundError.class, () -> Class.forName(BINDER_PACKAGE + "ObProxyMeterBinder", true, loader),
                "the loader does hide Micrometer");
    }

    @Test
    void aDriverInstanceWorksAndARegistryAsksForMicrometer() throws Exception {
        ClassLoader loader = new WithoutMicrometer(classDirectory());
        Object driver = Class.forName("io.obproxy.jdbc.ObProxyDriver", true, loader).getConstructor().newInstance();
        Object metrics = driver.getClass().getMethod("metrics").invoke(driver);
        assertEquals(List.of(), metrics.getClass().getMethod("series").invoke(metrics));

        Object dataSource = Class.forName("io.obproxy.jdbc.ObProxyDataSource", true, loader).getConstructor().newInstance();
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> dataSource.getClass().getMethod("setMetricRegistry", Object.class).invoke(dataSource, new Object()));
        assertEquals(IllegalStateException.class, e.getCause().getClass());
        assertTrue(e.getCause().getMessage().contains("io.micrometer:micrometer-core"), e.getCause().getMessage());
        driver.getClass().getMethod("close").invoke(driver);
    }
}
