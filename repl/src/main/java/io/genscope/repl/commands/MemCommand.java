package io.genscope.repl.commands;

import io.genscope.parser.memory.GpuMemory;
import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.Numbers;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.CaptureReplay;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.spec.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code mem [ggtt|ppgtt] ADDRESS [LEN]}: GPU memory as of the current submission, as a hex dump. */
final class MemCommand implements ShellCommand {
    static final long DEFAULT_LENGTH = 64;
    static final long MAX_LENGTH = 1 << 20;

    @Override
    public String name() {
        return "mem";
    }

    @Override
    public List<String> aliases() {
        return List.of("x");
    }

    @Override
    public String synopsis() {
        return "mem [ggtt|ppgtt] ADDRESS [LEN]";
    }

    @Override
    public String summary() {
        return "hex dump of GPU memory through the GGTT or the PPGTT, as of the current submission";
    }

    @Override
    public String help() {
        return """
                Dumps LEN bytes (default 64, at most 1m; k and m suffixes) from ADDRESS (rounded down to a
                dword), 16 bytes per line as little-endian dwords and ASCII. The memory shown is memory as it
                was when the current submission was made ('submission N' selects another): the capture is
                read again up to that submission, so later writes do not show. Addresses go through the
                GGTT, or the PPGTT of the submission's context; without ggtt/ppgtt, the space of the buffer
                the cursor's command was read from. Unmapped pages say so.
                Examples:
                  mem ggtt 0x1000 64
                  mem ppgtt 0xfffefffee000 256
                  mem 0xfffefffee000""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        List<String> words = new ArrayList<>(args.words());
        AddressSpace space = null;
        if (!words.isEmpty() && (words.get(0).equalsIgnoreCase("ggtt") || words.get(0).equalsIgnoreCase("ppgtt"))) {
            space = AddressSpace.valueOf(words.remove(0).toUpperCase(Locale.ROOT));
        }
        if (words.isEmpty() || words.size() > 2) {
            throw new ShellError("usage: " + synopsis());
        }
        LoadedCapture c = ctx.capture();
        if (c.items().isEmpty()) {
            throw new ShellError("the capture has no submissions, so no GPU memory to show");
        }
        if (space == null) {
            space = ctx.cursor() >= 0 ? ctx.cursorEntry().command().space() : AddressSpace.GGTT;
        }
        long address = Numbers.parse(words.get(0), "an address") & ShellContext.ADDRESS_MASK & ~3L;
        long length = words.size() > 1 ? Numbers.size(words.get(1)) : DEFAULT_LENGTH;
        if (length <= 0 || length > MAX_LENGTH) {
            throw new ShellError("LEN must be between 1 and " + MAX_LENGTH + " bytes");
        }
        int count = (int) ((length + 3) / 4);
        if (address + 4L * count > ShellContext.ADDRESS_MASK + 1) {
            count = (int) ((ShellContext.ADDRESS_MASK + 1 - address) / 4);
        }
        int[] dwords = new int[count];
        boolean[] mapped = new boolean[count];
        Item item = ctx.currentItem();
        AddressSpace s = space;
        int n = count;
        CaptureReplay.replay(c, item.index(), item.index(), ctx.cancel(), (it, memory) -> read(memory, s, address, dwords,
                mapped, n));
        ctx.out().line(String.format("%s 0x%x, %d bytes, as of s%d (%s)", space.name().toLowerCase(Locale.ROOT), address,
                4L * count, item.index(), item.engine().specName()));
        HexDump.print(address, dwords, mapped, ctx.out());
    }

    /** Reads page by page, so an unmapped page in the middle does not hide what follows it. */
    static void read(GpuMemory memory, AddressSpace space, long address, int[] dwords, boolean[] mapped, int count) {
        int done = 0;
        while (done < count) {
            long a = address + 4L * done;
            int inPage = (int) ((4096 - (a & 4095)) / 4);
            int n = Math.min(inPage, count - done);
            int got = memory.read(space, a, dwords, done, n);
            for (int k = 0; k < got; k++) {
                mapped[done + k] = true;
            }
            done += n;
        }
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        if (index == 1) {
            out.words("address spaces", "ggtt", "ppgtt");
        }
    }
}
