package io.genscope.repl;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a command's output on a terminal, to print it when it fits on the screen or page it
 * when it does not. Past {@value #MEMORY_CHARS} characters the lines go to a temporary file
 * instead of the heap.
 */
final class PagedOutput implements Output.Sink, AutoCloseable {
    static final int MEMORY_CHARS = 4 << 20;

    private final List<String> lines = new ArrayList<>();
    private long chars;
    private long count;
    private Path spill;
    private BufferedWriter spillWriter;

    @Override
    public void line(String text) {
        count++;
        try {
            if (spillWriter != null) {
                spillWriter.write(text);
                spillWriter.write('\n');
                return;
            }
            lines.add(text);
            chars += text.length() + 1;
            if (chars > MEMORY_CHARS) {
                spill = Files.createTempFile("genscope-output-", ".txt");
                spill.toFile().deleteOnExit();
                spillWriter = Files.newBufferedWriter(spill, StandardCharsets.UTF_8);
                for (String l : lines) {
                    spillWriter.write(l);
                    spillWriter.write('\n');
                }
                lines.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long lineCount() {
        return count;
    }

    /** Prints everything (for output that fits on the screen). */
    void printTo(PrintWriter out) throws IOException {
        if (spillWriter != null) {
            try (InputStream in = open()) {
                out.write(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } else {
            for (String l : lines) {
                out.println(l);
            }
        }
        out.flush();
    }

    /** The whole output as a stream (for the pager). */
    InputStream open() throws IOException {
        if (spillWriter != null) {
            spillWriter.flush();
            return Files.newInputStream(spill);
        }
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 8, chars));
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        if (spillWriter != null) {
            spillWriter.close();
            Files.deleteIfExists(spill);
        }
    }
}
