package io.genscope.migration.workload.capture;

import io.genscope.parser.capture.Problem;
import java.util.List;

/**
 * What a capture makes happen to memory, in capture order, page by page: the CPU-side memory
 * writes it records (with their bytes) and, for each submission, the GPU writes the command model
 * derives from its commands ({@link GpuWriteModel}). Pages are the capture's physical pages,
 * numbered densely from 0 in order of first appearance.
 *
 * <pre>
 * event i:  page[i]  offset[i]  length[i]  data[i]          submission[i]
 *           capture  in page    bytes      blob offset, or  CPU writes: the submission they precede;
 *           page id                        -1 for a GPU     GPU writes: the submission they belong to
 *                                          write
 * </pre>
 *
 * @param pageKeys capture physical page number (address / 4096) of each page id
 * @param pageGma GGTT address the capture maps each page at (the first one seen), or -1
 * @param page event's page id
 * @param offset event's first byte in the page
 * @param length event's byte count (within the page)
 * @param data offset of a CPU write's bytes in {@code blob}, -1 for a GPU write
 * @param submission event's submission index (0-based)
 * @param blob the bytes of the CPU writes
 * @param submissions submissions in the capture
 * @param targets every GPU write the command model derived, per submission in order (for tests
 *     and reports)
 * @param unmappedTargetBytes GPU target bytes on pages the submitting context does not map (dropped)
 * @param redundantBytes bytes of capture writes dropped because they wrote what memory already held
 * @param problems what went wrong reading (the trace holds what could be read)
 */
public record CaptureTrace(long[] pageKeys, long[] pageGma, int[] page, int[] offset, int[] length, long[] data,
        int[] submission, byte[] blob, int submissions, List<List<GpuTarget>> targets, long unmappedTargetBytes,
        long redundantBytes, List<Problem> problems) {

    public int pages() {
        return pageKeys.length;
    }

    public int events() {
        return page.length;
    }

    public boolean isGpu(int event) {
        return data[event] < 0;
    }

    /** Number of CPU write events. */
    public int cpuEvents() {
        int n = 0;
        for (long d : data) {
            if (d >= 0) {
                n++;
            }
        }
        return n;
    }

    /** The page id of capture physical page number {@code key}, or -1. */
    public int pageOf(long key) {
        for (int i = 0; i < pageKeys.length; i++) {
            if (pageKeys[i] == key) {
                return i;
            }
        }
        return -1;
    }
}
