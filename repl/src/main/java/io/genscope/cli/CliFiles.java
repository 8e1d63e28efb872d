package io.genscope.cli;

import io.genscope.repl.OutputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the commands read and write, checked up front and said in one line: inputs must be readable
 * files; outputs are never a directory, never replace an existing file without {@code --force}, and
 * are written to a temporary file beside them and renamed, so an interrupted write leaves the old
 * file as it was.
 */
final class CliFiles {
    private CliFiles() {
    }

    /** Writes a file's content to the path it is given. */
    @FunctionalInterface
    interface Writing {
        void to(Path file) throws IOException;
    }

    /**
     * The user's home directory as the shell sees it: {@code $HOME} (the JVM's {@code user.home}
     * comes from the password database and ignores it), else {@code user.home}. The system
     * property {@code genscope.user.home} overrides both (tests).
     */
    static Path home() {
        String h = System.getProperty("genscope.user.home");
        if (h == null || h.isBlank()) {
            h = System.getenv("HOME");
        }
        return Path.of(h == null || h.isBlank() ? System.getProperty("user.home") : h);
    }

    /** {@code file}, when it is a readable regular file; otherwise a refusal naming it and why. */
    static Path input(Path file) {
        if (Files.isDirectory(file)) {
            throw new CliException(file + ": is a directory");
        }
        if (!Files.exists(file)) {
            throw new CliException(file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new CliException(file + ": permission denied");
        }
        return file;
    }

    /** Refuses {@code file} as an output when it is a directory, or exists and {@code force} is off. */
    static Path output(Path file, boolean force) {
        String why = OutputFiles.refusal(file, force);
        if (why != null) {
            throw new CliException(why);
        }
        return file;
    }

    /** Checks {@code file} as {@link #output} does, writes it through a temporary file, renames it. */
    static void write(Path file, boolean force, Writing writing) throws IOException {
        output(file, force);
        Path tmp = partial(file);
        try {
            writing.to(tmp);
            commit(tmp, file, force);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new empty temporary file beside {@code file}, with the same name ending (so .xz stays .xz). */
    static Path partial(Path file) throws IOException {
        return OutputFiles.partial(file);
    }

    /** Renames the finished {@code partial} to {@code file} in one step (unless {@code file} appeared meanwhile). */
    static void commit(Path partial, Path file, boolean force) throws IOException {
        String why = OutputFiles.commit(partial, file, force);
        if (why != null) {
            throw new CliException(why);
        }
    }

    /** One line saying what went wrong, naming the file (or port) and the reason; never "null". */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (e instanceof CliException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists";
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + ": not a directory";
        }
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() == null ? "cannot be used" : f.getReason().toLowerCase(Locale.ROOT);
            return (f.getFile() == null ? "" : f.getFile() + ": ") + reason;
        }
        if (e instanceof BindException) {
            return "cannot listen: " + lower(e.getMessage());
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        }
        return m;
    }

    private static String lower(String s) {
        return s == null ? "failed" : s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
