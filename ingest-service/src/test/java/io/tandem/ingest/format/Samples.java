package io.tandem.ingest.format;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The shared sample corpus ({@code TANDEM_SAMPLES_DIR}, else the {@code shared/samples} directory found walking up
 * from the working directory). It lives outside the repository and is only read: tests that need it are skipped
 * when it is absent.
 */
public final class Samples {

    private static final Optional<Path> DIR = locate();

    public static Optional<Path> dir() {
        return DIR;
    }

    /** The corpus directory, or the calling test is skipped. */
    public static Path require() {
        Assumptions.assumeTrue(DIR.isPresent(), "sample corpus not found at " + describeSearch()
                + "; set TANDEM_SAMPLES_DIR");
        return DIR.get();
    }

    public static byte[] read(String format, String file) {
        try {
            return Files.readAllBytes(require().resolve(format).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every sample file, as {@code format/file} paths relative to the corpus. */
    public static List<Path> all() {
        Path root = require();
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getParent() != null && !p.getParent().equals(root))
                    .map(root::relativize).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> locate() {
        String env = System.getenv("TANDEM_SAMPLES_DIR");
        if (env != null && !env.isBlank()) {
            Path path = Paths.get(env);
            return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("samples");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String describeSearch() {
        String env = System.getenv("TANDEM_SAMPLES_DIR");
        return env != null && !env.isBlank() ? env : "shared/samples above " + Paths.get("").toAbsolutePath();
    }

    private Samples() {
    }
}
