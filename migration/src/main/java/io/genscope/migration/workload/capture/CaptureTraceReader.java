package io.genscope.migration.workload.capture;

import io.genscope.parser.aub.AubHeader;
import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.aub.XzFiles;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an AUB capture ({@code .aub} or {@code .aub.xz}) into a {@link CaptureTrace}: every memory
 * write the capture records (GGTT writes through the capture's own GGTT entries, physical and page
 * table writes as they are), and at each execlist submission the ring and its batches walked with
 * the parser's {@link CommandWalker}, each command fed to a {@link GpuWriteModel}. The context
 * image (hardware status page and ring state, the first two pages at LRCA) is a GPU write of every
 * submission too: the GPU saves the context when it switches away.
 *
 * <p>AUB dumpers write every buffer again at every submission; a CPU write whose bytes equal
 * what the capture's memory already holds there changes nothing and is dropped (counted in
 * {@link CaptureTrace#redundantBytes()}), so the trace holds the writes the application made.
 * At most {@link #MAX_EVENTS} page writes are kept (a bound on what one file can make it hold,
 * since each draw may name up to 64 MiB of targets).
 *
 * <p>Damaged input never throws: the parser's problems are kept in the trace. CPU write bytes are
 * kept up to {@link #MAX_BLOB_BYTES}; later writes are dropped with a problem.
 */
public final class CaptureTraceReader {
    /** Bytes of CPU write data kept from one capture. */
    public static final int MAX_BLOB_BYTES = 256 << 20;
    /** Page writes (events) kept from one capture: 16 Mi, 320 MiB of event arrays. */
    public static final int MAX_EVENTS = 1 << 24;
    /** Pages whose capture content is tracked to drop writes that change nothing (256 MiB). */
    public static final int MAX_SHADOW_PAGES = 65536;
    private static final int PAGE = 4096;
    private static final long ADDRESS_MASK = (1L << 48) - 1;

    private final Map<Long, Integer> ids = new HashMap<>();
    private long[] keys = new long[64];
    private long[] gmas = new long[64];
    private int pages;
    private int[] evPage = new int[1024];
    private int[] evOffset = new int[1024];
    private int[] evLength = new int[1024];
    private long[] evData = new long[1024];
    private int[] evSubmission = new int[1024];
    private int events;
    private final ByteArrayOutputStream blob = new ByteArrayOutputStream();
    private final Map<Long, Long> ggtt = new HashMap<>();
    private final Map<Long, byte[]> shadow = new HashMap<>();
    private long redundant;
    private final List<List<GpuTarget>> targets = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private long unmapped;
    private int submissions;
    private MappedBytes bytes;
    private Decoder decoder;
    private GpuWriteModel model;
    private boolean blobFull;
    private boolean eventsFull;
    /** File offset of the packet being handled, for problems. */
    private long packet;

    private CaptureTraceReader() {
    }

    /** Reads {@code file}; I/O errors (missing file) throw, damaged content gives problems. */
    public static CaptureTrace read(Path file) throws IOException {
        CaptureTraceReader r = new CaptureTraceReader();
        Path plain = file;
        Path temp = null;
        try {
            if (XzFiles.isXz(file)) {
                XzFiles.Decompressed d = XzFiles.decompressToTemp(file);
                temp = d.file();
                plain = temp;
                if (d.problem() != null) {
                    r.problems.add(d.problem());
                }
            }
            r.bytes = MappedBytes.map(plain);
            new AubReader().read(r.bytes, r.listener());
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
        return r.build();
    }

    private CaptureTrace build() {
        int n = events;
        return new CaptureTrace(Arrays.copyOf(keys, pages), Arrays.copyOf(gmas, pages), Arrays.copyOf(evPage, n),
                Arrays.copyOf(evOffset, n), Arrays.copyOf(evLength, n), Arrays.copyOf(evData, n),
                Arrays.copyOf(evSubmission, n), blob.toByteArray(), submissions, List.copyOf(targets), unmapped, redundant,
                List.copyOf(problems));
    }

    private AubListener listener() {
        return new AubListener() {
            @Override
            public void header(AubHeader h) {
                String name = h.specName();
                if (name != null && decoder == null) {
                    decoder = new Decoder(SpecLoader.builtin(name));
                    model = new GpuWriteModel(decoder.spec());
                }
            }

            @Override
            public void memoryWrite(long packetOffset, long addressOffset, int space, long address, long dataOffset,
                    long size) {
                write(packetOffset, space, address & ADDRESS_MASK, dataOffset, size);
            }

            @Override
            public void submission(Submission s, ContextMemory memoryNow) {
                submit(s, memoryNow);
            }

            @Override
            public void problem(Problem p) {
                problems.add(p);
            }
        };
    }

    private void write(long packetOffset, int space, long address, long dataOffset, long size) {
        packet = packetOffset;
        long end = Math.min(bytes.size(), dataOffset + size);
        switch (space) {
            case 0 -> {
                for (long a = address, src = dataOffset; src < end; ) {
                    int inPage = (int) (a & (PAGE - 1));
                    int n = (int) Math.min(end - src, PAGE - inPage);
                    Long pte = ggtt.get(a >>> 12);
                    if (pte != null && (pte & 1) != 0) {
                        cpu(((pte & 0x0000_ffff_ffff_f000L) >>> 12), inPage, n, src);
                    }
                    a += n;
                    src += n;
                }
            }
            case 1, 2, 6, 8, 9, 10 -> {
                for (long a = address, src = dataOffset; src < end; ) {
                    int inPage = (int) (a & (PAGE - 1));
                    int n = (int) Math.min(end - src, PAGE - inPage);
                    cpu(a >>> 12, inPage, n, src);
                    a += n;
                    src += n;
                }
            }
            case 4 -> {
                for (long i = 0; i + 8 <= size && dataOffset + 8 * i + 8 <= end; i++) {
                    long pte = bytes.getLong(dataOffset + 8 * i);
                    long index = (address >>> 3) + i;
                    ggtt.put(index, pte);
                    if ((pte & 1) != 0) {
                        int id = id((pte & 0x0000_ffff_ffff_f000L) >>> 12);
                        if (gmas[id] < 0) {
                            gmas[id] = index << 12;
                        }
                    }
                }
            }
            default -> {
                // the parser reports unknown spaces itself
            }
        }
    }

    private void cpu(long key, int offset, int length, long src) {
        byte[] b = new byte[length];
        bytes.get(src, b, 0, length);
        byte[] page = shadow.get(key);
        if (page == null && shadow.size() < MAX_SHADOW_PAGES) {
            page = new byte[PAGE];
            shadow.put(key, page);
        }
        if (page != null) {
            if (Arrays.equals(page, offset, offset + length, b, 0, length)) {
                redundant += length;
                return;
            }
            System.arraycopy(b, 0, page, offset, length);
        }
        if (blob.size() + (long) length > MAX_BLOB_BYTES) {
            if (!blobFull) {
                blobFull = true;
                problems.add(new Problem(Problem.Kind.UNSUPPORTED, src, "capture writes more than "
                        + (MAX_BLOB_BYTES >> 20) + " MiB; later CPU writes are not replayed"));
            }
            return;
        }
        long at = blob.size();
        blob.write(b, 0, length);
        event(id(key), offset, length, at);
    }

    private void submit(Submission s, ContextMemory memory) {
        packet = s.fileOffset();
        int index = submissions++;
        List<GpuTarget> found = new ArrayList<>();
        if (model != null) {
            model.memory(memory);
            CommandWalker walker = new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
                @Override
                public void command(Command c, int depth) {
                    model.command(c, decoder);
                }

                @Override
                public void problem(Problem p) {
                    problems.add(p);
                }
            });
            try {
                walker.walkRing(s);
            } catch (RuntimeException e) {
                problems.add(new Problem(Problem.Kind.CORRUPT, s.fileOffset(), "walking submission " + index + ": " + e));
            }
            found.addAll(model.drain());
        }
        long lrca = s.lrca();
        found.add(new GpuTarget(GpuTarget.Kind.CONTEXT_SAVE, "context switch", lrca, AddressSpace.GGTT, lrca, 2L * PAGE));
        for (GpuTarget t : found) {
            for (long a = t.address(), left = t.bytes(); left > 0; ) {
                int inPage = (int) (a & (PAGE - 1));
                int n = (int) Math.min(left, PAGE - inPage);
                long phys = memory.translate(t.space(), a);
                if (phys < 0) {
                    unmapped += n;
                } else {
                    event(id(phys >>> 12), inPage, n, -1);
                }
                a += n;
                left -= n;
            }
        }
        targets.add(List.copyOf(found));
    }

    private int id(long key) {
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        if (pages == keys.length) {
            keys = Arrays.copyOf(keys, pages * 2);
            gmas = Arrays.copyOf(gmas, pages * 2);
        }
        keys[pages] = key;
        gmas[pages] = -1;
        ids.put(key, pages);
        return pages++;
    }

    private void event(int page, int offset, int length, long data) {
        if (events >= MAX_EVENTS) {
            if (!eventsFull) {
                eventsFull = true;
                problems.add(new Problem(Problem.Kind.UNSUPPORTED, packet, "the capture implies more than " + MAX_EVENTS
                        + " page writes; later ones are not replayed"));
            }
            return;
        }
        if (events == evPage.length) {
            int n = events * 2;
            evPage = Arrays.copyOf(evPage, n);
            evOffset = Arrays.copyOf(evOffset, n);
            evLength = Arrays.copyOf(evLength, n);
            evData = Arrays.copyOf(evData, n);
            evSubmission = Arrays.copyOf(evSubmission, n);
        }
        evPage[events] = page;
        evOffset[events] = offset;
        evLength[events] = length;
        evData[events] = data;
        evSubmission[events] = data < 0 ? submissions - 1 : submissions;
        events++;
    }
}
