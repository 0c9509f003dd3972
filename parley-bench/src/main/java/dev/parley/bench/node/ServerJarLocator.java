package dev.parley.bench.node;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the server's shaded jar for {@code --server-process}: the path given, else the
 * {@code parley.server.jar} system property (set by the {@code ./parley} launcher), else
 * {@code parley-server/target/parley-server-*-all.jar} under the working directory or the
 * checkout the bench jar was built in.
 */
public final class ServerJarLocator {
    public static final String PROPERTY = "parley.server.jar";

    private ServerJarLocator() {
    }

    public static Path locate(Path explicit) {
        if (explicit != null) {
            return requireFile(explicit);
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return requireFile(Path.of(property));
        }
        for (Path root : candidateRoots()) {
            Optional<Path> jar = findIn(root.resolve("parley-server/target"));
            if (jar.isPresent()) {
                return jar.get();
            }
        }
        throw new IllegalArgumentException("cannot find parley-server/target/parley-server-*-all.jar; build it with "
                + "'./mvnw -B -ntp -pl parley-server -am package -Dmaven.test.skip=true' or give --server-jar");
    }

    private static List<Path> candidateRoots() {
        List<Path> roots = new ArrayList<>();
        roots.add(Path.of("").toAbsolutePath());
        try {
            // .../parley-bench/target/parley-bench-*-all.jar → the checkout is two levels up
            Path self = Path.of(ServerJarLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path checkout = self.getParent() == null ? null : self.getParent().getParent();
            if (checkout != null && checkout.getParent() != null) {
                roots.add(checkout.getParent());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // the working directory is still a candidate
        }
        return roots;
    }

    private static Optional<Path> findIn(Path target) {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("parley-server-") && name.endsWith("-all.jar");
            }).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path requireFile(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("server jar not found: " + jar);
        }
        return jar;
    }
}
