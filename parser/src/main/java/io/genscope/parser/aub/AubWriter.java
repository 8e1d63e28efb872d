package io.genscope.parser.aub;

import io.genscope.parser.context.ContextImage;
import io.genscope.spec.Engine;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes AUB files in Mesa's dialect ({@code intel_dump_gpu}'s), which genscope and Mesa's
 * aubinator both read: a version packet naming the device by PCI ID, memory writes, and execlist
 * submissions as MMIO writes.
 *
 * <p>Two levels of use:
 * <ul>
 *   <li>builder: {@link #createContext()} gives a PPGTT; {@link #mapPpgtt} / {@link #writePpgtt}
 *       place buffers in it (page tables are built and written as physical memory);
 *       {@link #submit} puts commands in a ring of that context on an engine and submits it.
 *       The writer allocates the physical pages, GGTT space, rings and context images.</li>
 *   <li>raw: {@link #writePhysical}, {@link #writeGgttEntries}, {@link #writeGgtt},
 *       {@link #registerWrite} and {@link #submitDescriptor} re-emit a memory state read from
 *       another capture exactly as it was (see {@link MemoryImageWriter}).</li>
 * </ul>
 *
 * <pre>
 * what the builder lays out per context and engine (GGTT, consecutive pages)
 *   ring             4 KiB .. 2 MiB, commands from offset 0 (head 0, tail = their size)
 *   LRCA             per-process hardware status page
 *   LRCA + 4 KiB     register state (see ContextImage): ring registers, PML4 in PDP0
 *   ...              the rest of the context image, zero: render 20/22/18/14 pages in all on
 *                    gen8/9/10/11+, other engines 2 (Linux i915's context sizes)
 * once per engine    GFX_MODE (base + 0x29C) := 0x80008000 (execlists on; also for raw submissions),
 *                    HWS_PGA (base + 0x80) := a GGTT page for the hardware status page
 * descriptor         LRCA | 0x339: valid[0], 4-level 64-bit addressing[4:3] = 3, L3/LLC coherent[5],
 *                    PPGTT[8], normal priority[10:9] = 1 (the flags Mesa writes)
 * submission         gen8-10: ELSP (base + 0x230) := 0, 0, descriptor high, descriptor low;
 *                             then poll EXECLIST_STATUS (base + 0x234) bit 4 clear
 *                    gen11+:  ELSQ (base + 0x510) := low, (base + 0x514) := high,
 *                             EXECLIST_CONTROL (base + 0x550) := 1; then poll status bit 0 set
 * page tables        PML4 -&gt; PDP -&gt; PD -&gt; PT, 512 entries each, entry = physical | 3 (present, writable)
 * </pre>
 *
 * Physical pages the writer allocates start at 4 GiB and GGTT space at 64 KiB, skipping pages that
 * raw writes use; a raw write into a page the writer allocated is refused. Not thread-safe.
 */
public final class AubWriter implements Closeable {
    /** Descriptor flags of a submitted context (Mesa's). */
    public static final long CONTEXT_FLAGS = 0x339;
    private static final int PAGE = 4096;
    private static final long ADDRESS_MASK = (1L << 48) - 1;
    private static final long ENTRY_ADDRESS = 0x0000_ffff_ffff_f000L;
    private static final long FIRST_PHYSICAL = 1L << 32;
    private static final long FIRST_GGTT = 0x10000;
    private static final int GFX_MODE = 0x29C;
    private static final int HWS_PGA = 0x80;
    private static final int EXECLIST_STATUS = 0x234;
    private static final int MAX_RING = 2 << 20;
    private static final byte[] ZERO_PAGE = new byte[PAGE];

    private final PacketStream out;
    private final int pciId;
    private final int generation;
    private final String spec;
    private final Set<Long> physicalUsed = new HashSet<>();
    private final Set<Long> physicalOwn = new HashSet<>();
    private final Map<Long, Long> ggtt = new HashMap<>();
    private final Set<Engine> enginesOn = EnumSet.noneOf(Engine.class);
    private final Set<Engine> statusPages = EnumSet.noneOf(Engine.class);
    private long nextPhysical = FIRST_PHYSICAL >>> 12;
    private long nextGgtt = FIRST_GGTT >>> 12;
    private int contexts;
    private boolean closed;

    /** A per-process GTT (one set of 4-level page tables) and its contexts on the engines it used. */
    public final class Context {
        private final int id;
        private final long pml4;
        private final Map<Long, long[]> tables = new HashMap<>();
        private final Map<Long, int[]> dirty = new HashMap<>();
        private final Map<Engine, HwContext> engines = new EnumMap<>(Engine.class);

        private Context(int id, long pml4) {
            this.id = id;
            this.pml4 = pml4;
            tables.put(pml4, new long[512]);
        }

        /** Number of this context in the file, from 1. */
        public int id() {
            return id;
        }

        /** Physical address of the PML4. */
        public long pml4() {
            return pml4;
        }

        /** GGTT address of the logical ring context on {@code engine}, or -1 before its first submission there. */
        public long lrca(Engine engine) {
            HwContext hw = engines.get(engine);
            return hw == null ? -1 : hw.lrca;
        }

        /** GGTT address of the ring on {@code engine}, or -1 before its first submission there. */
        public long ring(Engine engine) {
            HwContext hw = engines.get(engine);
            return hw == null ? -1 : hw.ring;
        }
    }

    /** Where a context's ring and image sit on one engine. */
    private static final class HwContext {
        long ring;
        int ringSize;
        long lrca;
    }

    private AubWriter(OutputStream stream, int pciId, String application) throws IOException {
        Device device = Device.byPciId(pciId).orElseThrow(() -> new IllegalArgumentException(String.format(
                "PCI ID 0x%04x is not a device genscope knows; it writes AUB files for gen8-gen12 devices", pciId)));
        this.out = new PacketStream(stream);
        this.pciId = pciId;
        this.generation = ExeclistPorts.generation(device.spec());
        this.spec = device.spec();
        int simulatorDevice = SimulatorDevice.byAbbreviation(device.platform()).map(SimulatorDevice::number).orElse(0);
        String text = String.format("PCI-ID=0x%X %s", pciId, application);
        out.version(simulatorDevice, text.length() > 63 ? text.substring(0, 63) : text);
    }

    /** A writer to a new file (replaced if it exists). */
    public static AubWriter create(Path file, int pciId, String application) throws IOException {
        return new AubWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), pciId, application);
    }

    /**
     * A writer to a stream, closed with the writer. The version packet names the device by
     * {@code pciId} (which must be a device {@link Device} knows) and the application; aubinator
     * keeps 63 bytes of that text.
     */
    public static AubWriter create(OutputStream out, int pciId, String application) throws IOException {
        return new AubWriter(out, pciId, Objects.requireNonNull(application));
    }

    /** The PCI ID the file names. */
    public int pciId() {
        return pciId;
    }

    /** The device's generation (8, 9, 11, 12), which decides the submission ports and engine bases. */
    public int generation() {
        return generation;
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return out.written();
    }

    // ---------------------------------------------------------------------------------------------
    // raw writes

    /** A comment packet (readers print it; aubinator and genscope in full mode). At most 4000 bytes. */
    public void comment(String text) throws IOException {
        checkOpen();
        out.comment(text);
    }

    /**
     * Writes bytes to physical memory (address space 2), cut at page boundaries; an address
     * carrying {@link io.genscope.parser.memory.PhysicalMemory#LOCAL} goes to device-local memory
     * (address space 1), where a reader of a device with local memory looks for it.
     */
    public void writePhysical(long address, byte[] data, int off, int len) throws IOException {
        checkOpen();
        Objects.checkFromIndexSize(off, len, data.length);
        if ((address >>> 48) == 1) {
            for (long a = address & ADDRESS_MASK; len > 0; ) {
                int n = (int) Math.min(len, PAGE - (a & (PAGE - 1)));
                out.memoryWrite(1, a, data, off, n);
                a += n;
                off += n;
                len -= n;
            }
            return;
        }
        long a = address & ADDRESS_MASK;
        while (len > 0) {
            long page = a >>> 12;
            if (physicalOwn.contains(page)) {
                throw new IllegalArgumentException(String.format(
                        "physical page 0x%x holds the writer's own page tables or buffers", page << 12));
            }
            physicalUsed.add(page);
            int n = (int) Math.min(len, PAGE - (a & (PAGE - 1)));
            out.memoryWrite(2, a, data, off, n);
            a += n;
            off += n;
            len -= n;
        }
    }

    /** Writes dwords to physical memory. */
    public void writePhysical(long address, int[] dwords) throws IOException {
        byte[] b = bytes(dwords);
        writePhysical(address, b, 0, b.length);
    }

    /**
     * Writes GGTT entries (address space 4) for consecutive GGTT pages from {@code ggttAddress}:
     * entry = physical page | flags (bit 0 valid).
     */
    public void writeGgttEntries(long ggttAddress, long... ptes) throws IOException {
        checkOpen();
        if ((ggttAddress & (PAGE - 1)) != 0) {
            throw new IllegalArgumentException(String.format("GGTT address 0x%x is not page aligned", ggttAddress));
        }
        long first = (ggttAddress & ADDRESS_MASK) >>> 12;
        for (int i = 0; i < ptes.length; i++) {
            ggtt.put(first + i, ptes[i]);
            physicalUsed.add((ptes[i] & ENTRY_ADDRESS) >>> 12);
        }
        ByteBuffer b = ByteBuffer.allocate(8 * ptes.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long p : ptes) {
            b.putLong(p);
        }
        for (int off = 0; off < b.capacity(); off += PacketStream.MAX_WRITE) {
            int n = Math.min(PacketStream.MAX_WRITE, b.capacity() - off);
            out.memoryWrite(4, 8 * first + off, b.array(), off, n);
        }
    }

    /** Gives every page of {@code [ggttAddress, ggttAddress + bytes)} without a GGTT entry a new physical page. */
    public void mapGgtt(long ggttAddress, long bytes) throws IOException {
        checkOpen();
        long first = (ggttAddress & ADDRESS_MASK) >>> 12;
        long end = ((ggttAddress & ADDRESS_MASK) + Math.max(0, bytes) + PAGE - 1) >>> 12;
        long runStart = -1;
        long[] run = new long[512];
        int n = 0;
        for (long page = first; page < end; page++) {
            if (ggtt.containsKey(page)) {
                if (n > 0) {
                    writeGgttEntries(runStart << 12, java.util.Arrays.copyOf(run, n));
                    n = 0;
                }
                continue;
            }
            if (n == 0) {
                runStart = page;
            }
            run[n++] = (allocatePhysical() << 12) | 1;
            if (n == run.length) {
                writeGgttEntries(runStart << 12, run.clone());
                n = 0;
            }
        }
        if (n > 0) {
            writeGgttEntries(runStart << 12, java.util.Arrays.copyOf(run, n));
        }
    }

    /** Writes bytes through the GGTT (address space 0), mapping pages that have no entry yet. */
    public void writeGgtt(long ggttAddress, byte[] data, int off, int len) throws IOException {
        checkOpen();
        Objects.checkFromIndexSize(off, len, data.length);
        mapGgtt(ggttAddress, len);
        long a = ggttAddress & ADDRESS_MASK;
        while (len > 0) {
            int n = (int) Math.min(len, PAGE - (a & (PAGE - 1)));
            out.memoryWrite(0, a, data, off, n);
            a += n;
            off += n;
            len -= n;
        }
    }

    /** Writes dwords through the GGTT. */
    public void writeGgtt(long ggttAddress, int[] dwords) throws IOException {
        byte[] b = bytes(dwords);
        writeGgtt(ggttAddress, b, 0, b.length);
    }

    /** A dword MMIO register write. */
    public void registerWrite(int offset, int value) throws IOException {
        checkOpen();
        out.registerWrite(offset, value);
    }

    /**
     * Submits a context descriptor to an engine's execlist port (ELSP before gen11, ELSQ and
     * EXECLIST_CONTROL from gen11 on), turning execlists on for the engine first if this writer
     * has not yet. The context image at {@code descriptor & 0xFFFFF000} must be in the GGTT.
     */
    public void submitDescriptor(Engine engine, long descriptor) throws IOException {
        checkOpen();
        int base = ExeclistPorts.base(engine, spec);
        enable(engine, base);
        if (generation >= 11) {
            out.registerWrite(base + 0x510, (int) descriptor);
            out.registerWrite(base + 0x514, (int) (descriptor >>> 32));
            out.registerWrite(base + 0x550, 1);
            out.registerPoll(base + EXECLIST_STATUS, 1, 1);
        } else {
            out.registerWrite(base + 0x230, 0);
            out.registerWrite(base + 0x230, 0);
            out.registerWrite(base + 0x230, (int) (descriptor >>> 32));
            out.registerWrite(base + 0x230, (int) descriptor);
            out.registerPoll(base + EXECLIST_STATUS, 0x10, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // builder

    /** A new context with empty page tables. */
    public Context createContext() throws IOException {
        checkOpen();
        return new Context(++contexts, allocatePhysical() << 12);
    }

    /**
     * Maps {@code [gpuAddress, gpuAddress + bytes)} in the context's PPGTT: every page without a
     * mapping gets a new physical page, written as zeros (a page is only mapped once it was
     * written), and the page-table entries that changed are written.
     */
    public void mapPpgtt(Context context, long gpuAddress, long bytes) throws IOException {
        checkOpen();
        long start = gpuAddress & ADDRESS_MASK & ~(PAGE - 1L);
        long end = ((gpuAddress & ADDRESS_MASK) + Math.max(0, bytes) + PAGE - 1) & ~(PAGE - 1L);
        for (long va = start; va < end; va += PAGE) {
            long page = pageOf(context, va);
            if (page < 0) {
                out.memoryWrite(2, ~page, ZERO_PAGE, 0, PAGE);
            }
        }
        flushTables(context);
    }

    /** Writes bytes at a PPGTT address of the context, mapping pages as needed (new pages are zero elsewhere). */
    public void writePpgtt(Context context, long gpuAddress, byte[] data, int off, int len) throws IOException {
        checkOpen();
        Objects.checkFromIndexSize(off, len, data.length);
        long va = gpuAddress & ADDRESS_MASK;
        while (len > 0) {
            int inPage = (int) (va & (PAGE - 1));
            int n = Math.min(len, PAGE - inPage);
            long page = pageOf(context, va);
            if (page < 0 && n < PAGE) {
                byte[] whole = new byte[PAGE];
                System.arraycopy(data, off, whole, inPage, n);
                out.memoryWrite(2, ~page, whole, 0, PAGE);
            } else {
                out.memoryWrite(2, (page < 0 ? ~page : page) | inPage, data, off, n);
            }
            va += n;
            off += n;
            len -= n;
        }
        flushTables(context);
    }

    /** Writes dwords at a PPGTT address of the context. */
    public void writePpgtt(Context context, long gpuAddress, int[] dwords) throws IOException {
        byte[] b = bytes(dwords);
        writePpgtt(context, gpuAddress, b, 0, b.length);
    }

    /**
     * Puts {@code ringCommands} in the context's ring on {@code engine} (from offset 0; the ring
     * grows to fit, up to 2 MiB) and submits the context. The first submission of a context on
     * an engine writes its ring and context image into newly mapped GGTT space.
     *
     * @return the submitted descriptor
     */
    public long submit(Engine engine, Context context, int[] ringCommands) throws IOException {
        checkOpen();
        int base = ExeclistPorts.base(engine, spec);
        enable(engine, base);
        statusPage(engine, base);
        int bytes = 4 * ringCommands.length;
        int needed = (bytes + PAGE) & ~(PAGE - 1);
        if (needed > MAX_RING) {
            throw new IllegalArgumentException("a ring holds at most " + (MAX_RING - 4) + " bytes of commands, not " + bytes);
        }
        HwContext hw = context.engines.get(engine);
        if (hw == null) {
            hw = new HwContext();
            int imagePages = contextPages(engine);
            hw.ringSize = needed;
            long at = allocateGgtt((needed >>> 12) + imagePages);
            hw.ring = at;
            hw.lrca = at + needed;
            mapGgtt(at, needed + (long) imagePages * PAGE);
            for (int i = 0; i < imagePages; i++) {
                if (i != 1) {
                    writeGgtt(hw.lrca + (long) i * PAGE, ZERO_PAGE, 0, PAGE);
                }
            }
            context.engines.put(engine, hw);
        } else if (hw.ringSize < needed) {
            hw.ringSize = needed;
            hw.ring = allocateGgtt(needed >>> 12);
            mapGgtt(hw.ring, needed);
        }
        writeGgtt(hw.ring, bytes(ringCommands), 0, bytes);
        writeGgtt(ContextImage.forGeneration(null).registerState(hw.lrca), ContextImageWriter.registerState(base, hw.ring, 0, bytes, hw.ringSize, context.pml4));
        long descriptor = hw.lrca | CONTEXT_FLAGS;
        submitDescriptor(engine, descriptor);
        return descriptor;
    }

    // ---------------------------------------------------------------------------------------------

    /** Execlists on, once per engine. */
    private void enable(Engine engine, int base) throws IOException {
        if (enginesOn.add(engine)) {
            out.registerWrite(base + GFX_MODE, 0x80008000);
        }
    }

    /** A hardware status page, once per engine the builder submits to. */
    private void statusPage(Engine engine, int base) throws IOException {
        if (statusPages.add(engine)) {
            long status = allocateGgtt(1);
            mapGgtt(status, PAGE);
            out.registerWrite(base + HWS_PGA, (int) status);
        }
    }

    /** Pages of a logical ring context image, hardware status page included (Linux i915's sizes). */
    private int contextPages(Engine engine) {
        if (engine != Engine.RENDER) {
            return 2;
        }
        return switch (generation) {
            case 8 -> 20;
            case 9 -> 22;
            case 10 -> 18;
            default -> 14;
        };
    }

    /**
     * The physical page holding {@code va} in the context; when the leaf is new, its bitwise
     * complement (so the caller knows to write the whole page). Missing tables are created.
     */
    private long pageOf(Context c, long va) {
        long table = c.pml4;
        for (int shift = 39; shift >= 12; shift -= 9) {
            long[] entries = c.tables.get(table);
            int index = (int) ((va >>> shift) & 511);
            if ((entries[index] & 1) == 0) {
                long next = allocatePhysical() << 12;
                if (shift > 12) {
                    c.tables.put(next, new long[512]);
                }
                entries[index] = next | 3;
                int[] range = c.dirty.computeIfAbsent(table, t -> new int[] {index, index});
                range[0] = Math.min(range[0], index);
                range[1] = Math.max(range[1], index);
                if (shift == 12) {
                    return ~next;
                }
            }
            table = entries[index] & ENTRY_ADDRESS;
        }
        return table;
    }

    /** Writes the changed range of every page table touched since the last flush. */
    private void flushTables(Context c) throws IOException {
        for (Map.Entry<Long, int[]> e : c.dirty.entrySet()) {
            long[] entries = c.tables.get(e.getKey());
            int from = e.getValue()[0];
            int to = e.getValue()[1];
            ByteBuffer b = ByteBuffer.allocate(8 * (to - from + 1)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = from; i <= to; i++) {
                b.putLong(entries[i]);
            }
            out.memoryWrite(2, e.getKey() + 8L * from, b.array(), 0, b.capacity());
        }
        c.dirty.clear();
    }

    private long allocatePhysical() {
        while (physicalUsed.contains(nextPhysical)) {
            nextPhysical++;
        }
        physicalUsed.add(nextPhysical);
        physicalOwn.add(nextPhysical);
        return nextPhysical++;
    }

    /** {@code pages} consecutive GGTT pages without entries; returns the address of the first. */
    private long allocateGgtt(int pages) {
        long start = nextGgtt;
        for (int i = 0; i < pages; i++) {
            if (ggtt.containsKey(start + i)) {
                start = start + i + 1;
                i = -1;
            }
        }
        nextGgtt = start + pages;
        return start << 12;
    }

    private static byte[] bytes(int[] dwords) {
        ByteBuffer b = ByteBuffer.allocate(4 * dwords.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(dwords);
        return b.array();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the AUB writer is closed");
        }
    }

    /** Flushes what was written so far to the stream. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
