package io.genscope.repl;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * The rule for every file genscope writes, on the command line and in the shell: never a
 * directory, never an existing file without {@code --force}, and written to a temporary file
 * beside it that is renamed when complete, so an interrupted write leaves the old file intact.
 */
public final class OutputFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private OutputFiles() {
    }

    /** Why {@code file} may not be written (one line naming it), or null when it may. */
    public static String refusal(Path file, boolean force) {
        if (Files.isDirectory(file)) {
            return file + ": is a directory; give the name of a file to write";
        }
        if (Files.exists(file) && !force) {
            return file + ": already exists; add --force to replace it";
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return file + ": no such directory " + parent;
        }
        return null;
    }

    /**
     * A new empty temporary file beside {@code file}, with the same name ending (so .xz stays .xz).
     * It is created as any new file is (mode 0666 less the umask), not with a temporary file's
     * 0600, so the finished output is as readable as the user's other files.
     */
    public static Path partial(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            Path candidate = dir.resolve(".genscope-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + "-" + file.getFileName());
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Renames the finished {@code partial} to {@code file} in one step.
     *
     * @return null, or why it was not renamed ({@code file} appeared meanwhile and {@code force} is off)
     */
    public static String commit(Path partial, Path file, boolean force) throws IOException {
        if (!force && Files.exists(file)) {
            return file + ": appeared while it was written; add --force to replace it";
        }
        keepModeOf(file, partial);
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return null;
    }

    /** A replaced file keeps its permissions (where the file system has POSIX ones). */
    private static void keepModeOf(Path replaced, Path partial) {
        try {
            if (Files.isRegularFile(replaced)) {
                Files.setPosixFilePermissions(partial, Files.getPosixFilePermissions(replaced));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or not ours to read: the new file's own mode stands
        }
    }
}
