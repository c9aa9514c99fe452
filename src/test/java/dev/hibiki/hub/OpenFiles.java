package dev.hibiki.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** This process' open file descriptors as /proc names them (e.g. "anon_inode:[timerfd]"). */
final class OpenFiles {

    private OpenFiles() {
    }

    /** How many open descriptors point at a name containing {@code part}. */
    static long count(String part) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains(part);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }
}
