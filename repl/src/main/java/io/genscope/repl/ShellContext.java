package io.genscope.repl;

import io.genscope.repl.model.CancelToken;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What shell commands share: the open capture, the cursor (the current command, which
 * {@code show}, {@code follow} and {@code mem} start from), where {@code back} returns to, the
 * output of the running command and its Ctrl-C token.
 */
public final class ShellContext implements AutoCloseable {
    /** Mask of the 48 address bits commands use. */
    public static final long ADDRESS_MASK = 0xffff_ffff_ffffL;

    private final ShellRegistry registry;
    private final CancelToken cancel;
    private final Path workingDirectory;
    private final Deque<Integer> backStack = new ArrayDeque<>();
    private LoadedCapture capture;
    private Output out;
    private int cursor = -1;
    private int item = -1;
    private int listNext = -1;
    private boolean quit;
    private int exitCode = -1;

    public ShellContext(ShellRegistry registry, CancelToken cancel, Path workingDirectory) {
        this.registry = registry;
        this.cancel = cancel;
        this.workingDirectory = workingDirectory;
    }

    public ShellRegistry registry() {
        return registry;
    }

    public CancelToken cancel() {
        return cancel;
    }

    public Output out() {
        return out;
    }

    void setOut(Output out) {
        this.out = out;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    /** A path as the user typed it: relative to the working directory, {@code ~/} for home. */
    public Path path(String typed) {
        return resolve(workingDirectory, typed);
    }

    static Path resolve(Path workingDirectory, String typed) {
        String t = typed;
        if (t.equals("~") || t.startsWith("~/")) {
            t = System.getProperty("user.home") + t.substring(1);
        }
        return workingDirectory.resolve(t).normalize();
    }

    /** The open capture; fails with a hint when none is. */
    public LoadedCapture capture() {
        if (capture == null) {
            throw new ShellError("no capture is open; use: open FILE");
        }
        return capture;
    }

    public boolean hasCapture() {
        return capture != null;
    }

    /** Replaces the open capture (closing the previous one) and puts the cursor on its first command. */
    public void setCapture(LoadedCapture c) {
        if (capture != null && capture != c) {
            capture.close();
        }
        capture = c;
        backStack.clear();
        listNext = -1;
        item = c == null || c.items().isEmpty() ? -1 : 0;
        cursor = c == null || c.entries().isEmpty() ? -1 : 0;
    }

    /** The current command's index, or -1 when the capture has none. */
    public int cursor() {
        return cursor;
    }

    /** The current command; fails when there is none. */
    public Entry cursorEntry() {
        LoadedCapture c = capture();
        if (cursor < 0) {
            throw new ShellError("the capture has no decoded commands");
        }
        return c.entry(cursor);
    }

    /** Moves the cursor to a command (and its submission). */
    public void moveTo(int entry) {
        LoadedCapture c = capture();
        cursor = entry;
        item = c.entry(entry).item();
    }

    /** The current submission (or lone buffer) index, or -1 when the capture has none. */
    public int itemIndex() {
        return item;
    }

    /** The current submission; fails when the capture has none. */
    public Item currentItem() {
        LoadedCapture c = capture();
        if (item < 0) {
            throw new ShellError("the capture has no submissions");
        }
        return c.item(item);
    }

    /** Selects a submission: the cursor goes to its first command (or nowhere when it has none). */
    public void selectItem(int index) {
        LoadedCapture c = capture();
        Item i = c.item(index);
        item = index;
        cursor = i.commandCount() > 0 ? i.firstEntry() : cursor;
        listNext = i.firstEntry();
    }

    /** Where {@code back} returns to: the batch starts {@code follow} went through. */
    public Deque<Integer> backStack() {
        return backStack;
    }

    /** Where a {@code list} without arguments continues, or -1 for the cursor. */
    public int listNext() {
        return listNext;
    }

    public void setListNext(int next) {
        listNext = next;
    }

    /** Asks the runner to stop after this command; {@code code < 0} keeps the runner's own. */
    public void quit(int code) {
        quit = true;
        exitCode = code;
    }

    public boolean quitRequested() {
        return quit;
    }

    public int requestedExitCode() {
        return exitCode;
    }

    /**
     * The command a word names: {@code #N} (its index), {@code .} (the cursor), or a GPU address (the
     * command starting there, else the one holding it), looked for in the current submission from
     * the cursor on, then in the rest of it, then in the whole capture.
     */
    public Entry resolveEntry(String word) {
        LoadedCapture c = capture();
        if (word.equals(".")) {
            return cursorEntry();
        }
        if (word.startsWith("#")) {
            return c.entry(Numbers.index(word.substring(1), c.entries().size(), "command #"));
        }
        long address = Numbers.parse(word, "a GPU address or #N") & ADDRESS_MASK;
        Entry e = search(c, address, true);
        if (e == null) {
            e = search(c, address, false);
        }
        if (e == null) {
            throw new ShellError(String.format("no decoded command at or around 0x%x", address));
        }
        return e;
    }

    private Entry search(LoadedCapture c, long address, boolean exact) {
        int n = c.entries().size();
        if (item >= 0) {
            Item it = c.item(item);
            int from = cursor >= it.firstEntry() && cursor < it.endEntry() ? cursor : it.firstEntry();
            for (int k = 0; k < it.commandCount(); k++) {
                int i = it.firstEntry() + (from - it.firstEntry() + k) % it.commandCount();
                if (matches(c.entry(i), address, exact)) {
                    return c.entry(i);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (matches(c.entry(i), address, exact)) {
                return c.entry(i);
            }
        }
        return null;
    }

    private static boolean matches(Entry e, long address, boolean exact) {
        long start = e.address() & ADDRESS_MASK;
        if (exact) {
            return start == address;
        }
        return address >= start && address < start + 4L * e.command().dwords().length;
    }

    /** The prompt: the capture, submission and command the cursor is on. */
    public String prompt() {
        if (capture == null) {
            return "genscope> ";
        }
        StringBuilder sb = new StringBuilder(capture.displayName());
        if (item >= 0) {
            sb.append(" s").append(item);
        }
        if (cursor >= 0) {
            sb.append(" #").append(cursor);
        }
        return sb.append("> ").toString();
    }

    @Override
    public void close() {
        if (capture != null) {
            capture.close();
            capture = null;
        }
    }
}
