package io.genscope.parser.asm;

import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import java.util.List;
import java.util.Map;

/**
 * An assembled listing: its sections in source order, where each statement landed, and the label
 * addresses.
 *
 * @param sections the dword runs, in source order (empty runs left out)
 * @param placements commands and {@code .dword} statements, in source order
 * @param labels label name to address
 */
public record Program(List<Section> sections, List<Placement> placements, Map<String, Long> labels) {
    public Program {
        sections = List.copyOf(sections);
        placements = List.copyOf(placements);
        labels = Map.copyOf(labels);
    }

    /** Every section's dwords, one after the other (addresses are not kept: see {@link #sections()}). */
    public int[] dwords() {
        int n = 0;
        for (Section s : sections) {
            n += s.dwords().length;
        }
        int[] out = new int[n];
        int at = 0;
        for (Section s : sections) {
            System.arraycopy(s.dwords(), 0, out, at, s.dwords().length);
            at += s.dwords().length;
        }
        return out;
    }

    /**
     * The sections as GPU memory: each mapped at its address in its space (a later section wins
     * where two overlap); everything else is unmapped.
     */
    public GpuMemory memory() {
        return (space, address, dst, off, count) -> {
            long a = address & 0xffff_ffff_ffffL;
            int done = 0;
            while (done < count) {
                Section s = holding(space, a + 4L * done);
                if (s == null) {
                    break;
                }
                int from = (int) ((a + 4L * done - s.address()) / 4);
                int n = Math.min(count - done, s.dwords().length - from);
                System.arraycopy(s.dwords(), from, dst, off + done, n);
                done += n;
            }
            return done;
        };
    }

    private Section holding(AddressSpace space, long address) {
        for (int i = sections.size() - 1; i >= 0; i--) {
            Section s = sections.get(i);
            if (s.space() == space && address >= s.address() && address < s.end()) {
                return s;
            }
        }
        return null;
    }

    /** The command or {@code .dword} statement whose first dword is at this address and space, or null. */
    public Placement at(AddressSpace space, long address) {
        for (Placement p : placements) {
            if (p.address() == address && sections.get(p.section()).space() == space) {
                return p;
            }
        }
        return null;
    }
}
