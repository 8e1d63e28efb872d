package io.genscope.parser.memory;

import io.genscope.spec.AddressSpace;
import java.util.Arrays;
import java.util.Objects;

/**
 * GPU memory as one submitted context sees it: the GGTT shared by all, and the PPGTT rooted at the
 * context's PML4, both over the same physical memory.
 *
 * <p>This is a live view, not a copy: it shows memory as it is when read. A capture reader hands
 * it out at the moment of a submission; whoever needs the contents later copies them then.
 *
 * <p>Reads go page by page: one translation per page, then a bulk copy of up to 1024 dwords. The
 * last translation of each space is remembered until memory changes, so runs of small reads in one
 * page cost one lookup each. A GGTT page with an entry whose physical page was never written reads
 * as zeros. Safe to share between threads that only read.
 */
public final class ContextMemory implements GpuMemory {
    private final PhysicalMemory physical;
    private final Ggtt ggtt;
    private final Ppgtt ppgtt;
    /** GGTT address of {@link #overlay}, which reads see instead of memory; null for none. */
    private final long overlayAddress;
    private final int[] overlay;
    private volatile Remembered lastGgtt = Remembered.NONE;
    private volatile Remembered lastPpgtt = Remembered.NONE;

    /** One remembered translation, valid while both generations are unchanged. */
    private record Remembered(long page, long physical, long physicalGeneration, long ggttGeneration) {
        static final Remembered NONE = new Remembered(-1, -1, -1, -1);
    }

    /** The view with the PPGTT rooted at {@code pml4}, read as the GGTT's {@link Ggtt#paging} says. */
    public ContextMemory(PhysicalMemory physical, Ggtt ggtt, long pml4) {
        this(physical, ggtt, new Ppgtt(physical, pml4, ggtt.paging()), 0, null);
    }

    private ContextMemory(PhysicalMemory physical, Ggtt ggtt, Ppgtt ppgtt, long overlayAddress, int[] overlay) {
        this.physical = Objects.requireNonNull(physical);
        this.ggtt = Objects.requireNonNull(ggtt);
        this.ppgtt = ppgtt;
        this.overlayAddress = overlayAddress;
        this.overlay = overlay;
    }

    /**
     * This view with {@code dwords} at GGTT {@code address} (dword aligned) in front of memory: a
     * ring that a capture hands over in a packet instead of writing it to memory (the legacy
     * "command write" of gen7 files, which Mesa's aubinator decodes at address 0).
     */
    public ContextMemory withGgttOverlay(long address, int[] dwords) {
        return new ContextMemory(physical, ggtt, ppgtt, address & PhysicalMemory.ADDRESS_MASK & ~3L, dwords.clone());
    }

    /** Dwords the overlay holds from {@code a} on, 0 when it does not cover {@code a}. */
    private int inOverlay(AddressSpace space, long a) {
        if (overlay == null || space != AddressSpace.GGTT || a < overlayAddress) {
            return 0;
        }
        long index = (a - overlayAddress) >>> 2;
        return index < overlay.length ? overlay.length - (int) index : 0;
    }

    public PhysicalMemory physical() {
        return physical;
    }

    public Ggtt ggtt() {
        return ggtt;
    }

    public Ppgtt ppgtt() {
        return ppgtt;
    }

    /** Physical address of the root of this context's page tables. */
    public long pml4() {
        return ppgtt.pml4();
    }

    /**
     * Physical address of the page holding {@code address} in {@code space}, or -1 when unmapped
     * (a GGTT page with an entry counts as mapped even if its physical page was never written).
     */
    public long translate(AddressSpace space, long address) {
        long page = (address & PhysicalMemory.ADDRESS_MASK) >>> 12;
        boolean global = space == AddressSpace.GGTT;
        Remembered last = global ? lastGgtt : lastPpgtt;
        long physicalGeneration = physical.generation();
        long ggttGeneration = ggtt.generation();
        if (last.page == page && last.physicalGeneration == physicalGeneration
                && last.ggttGeneration == ggttGeneration) {
            return last.physical;
        }
        long result = global ? ggtt.physicalPage(address) : ppgtt.translate(address);
        Remembered now = new Remembered(page, result, physicalGeneration, ggttGeneration);
        if (global) {
            lastGgtt = now;
        } else {
            lastPpgtt = now;
        }
        return result;
    }

    @Override
    public int read(AddressSpace space, long address, int[] dst, int off, int count) {
        Objects.checkFromIndexSize(off, count, dst.length);
        long a = address & PhysicalMemory.ADDRESS_MASK & ~3L;
        int done = 0;
        while (done < count) {
            int covered = inOverlay(space, a);
            if (covered > 0) {
                int n = Math.min(count - done, covered);
                System.arraycopy(overlay, overlay.length - covered, dst, off + done, n);
                done += n;
                a += 4L * n;
                continue;
            }
            int inPage = (int) (a & (PhysicalMemory.PAGE_SIZE - 1));
            int n = Math.min(count - done, (PhysicalMemory.PAGE_SIZE - inPage) >> 2);
            long page = translate(space, a);
            if (page < 0) {
                break;
            }
            if (physical.readDwords(page | inPage, dst, off + done, n) == PhysicalMemory.NOT_WRITTEN) {
                Arrays.fill(dst, off + done, off + done + n, 0);
            }
            done += n;
            a += 4L * n;
            if (a > PhysicalMemory.ADDRESS_MASK) {
                break;
            }
        }
        return done;
    }

    @Override
    public boolean isMapped(AddressSpace space, long address) {
        return inOverlay(space, address & PhysicalMemory.ADDRESS_MASK & ~3L) > 0 || translate(space, address) >= 0;
    }
}
