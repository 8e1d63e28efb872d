package io.genscope.migration.state;

import io.genscope.migration.dirty.DirtyBitmap;
import io.genscope.migration.dirty.DirtyLogSource;
import io.genscope.migration.dirty.PageSet;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A vGPU and its guest: guest memory (sparse 4 KiB pages) plus the device state GVT-g would keep
 * (configuration space, registers with the PVINFO page, fences and ring registers, guest GGTT of
 * the graphics windows, PPGTT roots, execlist ports, pending workloads).
 *
 * <p>Guest memory is written by two kinds of writers. CPU writes go through the hypervisor: while
 * a dirty log is attached ({@link #attachDirtyLog}) each one marks its page dirty after writing.
 * GPU writes are DMA through the GGTT: they bypass the dirty log, which is why migration needs
 * another way to find them. Device state changes only between migrations (not while one runs).
 */
public final class Vgpu implements AutoCloseable {
    private final PageStore memory;
    private volatile DeviceState device;
    private volatile DirtyBitmap dirtyLog;
    /** Where CPU writes are logged when the guest runs outside genscope (null: through {@link #cpuWrite}). */
    private volatile DirtyLogSource externalLog;
    private long[] fetched;

    public Vgpu(PageStore memory, DeviceState device) {
        this.memory = Objects.requireNonNull(memory);
        this.device = Objects.requireNonNull(device);
    }

    public PageStore memory() {
        return memory;
    }

    /** The current device state (live object: copy it before it may change). */
    public DeviceState device() {
        return device;
    }

    /** A deep copy of the device state, as saved when the vGPU stops. */
    public DeviceState deviceSnapshot() {
        return device.copy();
    }

    public void setDevice(DeviceState state) {
        this.device = Objects.requireNonNull(state);
    }

    public GraphicsWindows windows() {
        return device.windows();
    }

    /** Starts logging CPU writes into {@code log} (the hypervisor's log-dirty mode). */
    public void attachDirtyLog(DirtyBitmap log) {
        if (log.pages() != memory.pageCount()) {
            throw new IllegalArgumentException("dirty log covers " + log.pages() + " pages, memory has " + memory.pageCount());
        }
        this.dirtyLog = log;
    }

    public void detachDirtyLog() {
        this.dirtyLog = null;
    }

    /**
     * The guest's CPU writes are logged by its hypervisor, not through {@link #cpuWrite}: each
     * {@link #syncDirtyLog()} fetches that log into the attached dirty log.
     */
    public void useExternalDirtyLog(DirtyLogSource log) {
        this.externalLog = Objects.requireNonNull(log);
    }

    /**
     * A dirty sync: brings the pages an external log has recorded since the last sync into the
     * attached dirty log (nothing to do when writes are logged as they happen). The migration calls
     * it before every harvest of the dirty log.
     */
    public synchronized void syncDirtyLog() {
        DirtyLogSource source = externalLog;
        DirtyBitmap log = dirtyLog;
        if (source == null || log == null) {
            return;
        }
        if (fetched == null) {
            fetched = new long[log.wordCount()];
        }
        java.util.Arrays.fill(fetched, 0);
        source.fetchAndClear(fetched);
        log.markWords(fetched);
    }

    /**
     * A CPU write of {@code length} bytes from {@code src[srcOffset..]} at byte {@code offset} of
     * guest page {@code gfn} (must stay inside the page); logged when a dirty log is attached.
     */
    public void cpuWrite(int gfn, int offset, ByteBuffer src, int srcOffset, int length) {
        write(gfn, offset, src, srcOffset, length);
        DirtyBitmap log = dirtyLog;
        if (log != null) {
            log.mark(gfn);
        }
    }

    /** A GPU (DMA) write into guest page {@code gfn}: the dirty log does not see it. */
    public void gpuWrite(int gfn, int offset, ByteBuffer src, int srcOffset, int length) {
        write(gfn, offset, src, srcOffset, length);
    }

    /** A GPU write through the GGTT at graphics page {@code index} of the vGPU's windows. */
    public void gpuWriteGraphics(int index, int offset, ByteBuffer src, int srcOffset, int length) {
        int gfn = device.gfn(index);
        if (gfn < 0) {
            throw new IllegalArgumentException("graphics page " + index + " is not mapped");
        }
        gpuWrite(gfn, offset, src, srcOffset, length);
    }

    private void write(int gfn, int offset, ByteBuffer src, int srcOffset, int length) {
        if (offset < 0 || length < 0 || offset + length > PageStore.PAGE_SIZE) {
            throw new IllegalArgumentException("write of " + length + " bytes at " + offset + " leaves the page");
        }
        ByteBuffer slab = memory.slab(gfn);
        slab.put(PageStore.offsetInSlab(gfn) + offset, src, srcOffset, length);
    }

    /**
     * The guest pages the vGPU references: every page a present GGTT entry of its windows maps
     * (GVT-g pins and translates each of them). Pages mapped twice appear once.
     */
    public PageSet graphicsPages() {
        PageSet set = new PageSet(memory.pageCount());
        DeviceState d = device;
        for (int i = 0; i < d.windows().pages(); i++) {
            int gfn = d.gfn(i);
            if (gfn >= 0 && gfn < memory.pageCount()) {
                set.add(gfn);
            }
        }
        return set;
    }

    /** Releases guest memory (only when no thread uses the vGPU any more). */
    @Override
    public void close() {
        memory.close();
    }
}
