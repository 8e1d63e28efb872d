package io.genscope.repl.model;

import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.decode.Decoder;
import io.genscope.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A capture opened in the shell: what it says about itself, every submission with the commands
 * its walk reached (numbered across the capture) and the batches they ran in, and the problems
 * found. GPU memory is not kept: {@link CaptureReplay} reads the file again up to a submission
 * when a command needs memory as it was then. An {@code .xz} capture is decompressed once into a
 * temporary file that lives until {@link #close()}.
 */
public final class LoadedCapture implements AutoCloseable {
    private final Path file;
    private final Path readable;
    private final boolean temporary;
    private final CaptureInfo info;
    private final String format;
    private final Spec spec;
    private final String specOrigin;
    private final List<Item> items;
    private final List<Entry> entries;
    private final List<Batch> batches;
    private final List<Problem> problems;
    private final Map<Integer, List<String>> notes;
    private final int comments;
    private final MemoryUse memory;
    private final Map<Class<?>, Object> attachments = new java.util.concurrent.ConcurrentHashMap<>();

    LoadedCapture(Path file, Path readable, boolean temporary, CaptureInfo info, String format, Spec spec,
            String specOrigin, List<Item> items, List<Entry> entries, List<Batch> batches, List<Problem> problems,
            Map<Integer, List<String>> notes, int comments, MemoryUse memory) {
        this.file = file;
        this.readable = readable;
        this.temporary = temporary;
        this.info = info;
        this.format = format;
        this.spec = spec;
        this.specOrigin = specOrigin;
        this.items = List.copyOf(items);
        this.entries = List.copyOf(entries);
        this.batches = List.copyOf(batches);
        this.problems = List.copyOf(problems);
        this.notes = Map.copyOf(notes);
        this.comments = comments;
        this.memory = memory;
    }

    /** The file as the user named it. */
    public Path file() {
        return file;
    }

    /** The file readers are given (the decompressed copy of an {@code .xz} capture). */
    public Path readable() {
        return readable;
    }

    /** What the capture says about itself, or null when no reader understood it. */
    public CaptureInfo info() {
        return info;
    }

    /** The reader that understood it ({@code aub}), or null. */
    public String format() {
        return format;
    }

    /** The spec commands were decoded with, or null when the device is unknown (nothing walked). */
    public Spec spec() {
        return spec;
    }

    /** Where the spec choice came from: {@code capture} or {@code --gen NAME}. */
    public String specOrigin() {
        return specOrigin;
    }

    public Decoder decoder() {
        if (spec == null) {
            throw new IllegalStateException("no spec");
        }
        return new Decoder(spec);
    }

    public List<Item> items() {
        return items;
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<Batch> batches() {
        return batches;
    }

    public Item item(int index) {
        return items.get(index);
    }

    public Entry entry(int index) {
        return entries.get(index);
    }

    public Batch batch(int index) {
        return batches.get(index);
    }

    /** Problems of reading the file (not of walking commands: see {@link Item#problems()}). */
    public List<Problem> readProblems() {
        return problems;
    }

    /** Reading problems, then each item's walk problems, in capture order. */
    public List<Problem> allProblems() {
        List<Problem> all = new ArrayList<>(problems);
        for (Item i : items) {
            all.addAll(i.problems());
        }
        return all;
    }

    /**
     * The lines {@code genscope decode} prints after an entry besides its own (a batch start whose
     * target is unmapped, the jump limit), or an empty list.
     */
    public List<String> notesAfter(int entry) {
        return notes.getOrDefault(entry, List.of());
    }

    /** Number of comment packets. */
    public int comments() {
        return comments;
    }

    public MemoryUse memory() {
        return memory;
    }

    /**
     * Something a command keeps with this capture between runs (a cache), made on first use. One
     * per type.
     */
    public <T> T attachment(Class<T> type, java.util.function.Supplier<T> make) {
        return type.cast(attachments.computeIfAbsent(type, k -> make.get()));
    }

    /** The file's name, for prompts and headings. */
    public String displayName() {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(readable);
            } catch (IOException e) {
                readable.toFile().deleteOnExit();
            }
        }
    }
}
