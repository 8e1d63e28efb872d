package io.genscope.migration.xe.precopy;

import io.genscope.migration.xe.XePacket;
import io.genscope.migration.xe.XeVfData;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a stream's packets stand against Linux's xe driver (docs/xe-vf-migration.md, "Restore
 * order"). Linux's restore applies each packet when it arrives, by type, on its GT, with no rule
 * about the order of GuC, GGTT, MMIO and VRAM packets and none against VRAM written twice (the later
 * copy wins); the reader checks the rules it does have (descriptor and trailer on tile 0 / GT 0, no
 * type 0, nothing after the trailer). What differs between streams is whether they are in the order
 * Linux's own save writes: per GT its GuC state, GGTT, MMIO, then the whole VRAM quota once in
 * ascending chunks; pre-copy streams are not, and this says how far not.
 *
 * @param saveOrder whether the stream is exactly in Linux's save order (descriptor; per GT, in GT
 *        order, GuC, GGTT, MMIO, VRAM chunks each starting where the last ended, from offset 0;
 *        trailer)
 * @param vramBeforeState VRAM packets that come before a GuC, GGTT or MMIO packet of their GT
 * @param resentBytes VRAM bytes a stream carries again for pages an earlier packet already carried
 * @param firstDeparture what first breaks the save order ("packet 5 (VRAM) at byte 123: ..."), or empty
 */
public record VfOrder(boolean saveOrder, int vramBeforeState, long resentBytes, String firstDeparture) {
    private static final int PAGE = 4096;

    /** The order of {@code data}'s packets. */
    public static VfOrder of(XeVfData data) {
        String departure = "";
        int lastGt = -1;
        int lastRank = 0;
        long vramEnd = 0;
        Map<Integer, Integer> statePackets = new HashMap<>();
        for (XePacket p : data.packets()) {
            if (rank(p) > 0 && rank(p) < 4) {
                statePackets.merge(p.header().gt(), 1, Integer::sum);
            }
        }
        Map<Integer, Integer> stateSeen = new HashMap<>();
        Map<Integer, BitSet> carried = new HashMap<>();
        int vramEarly = 0;
        long resent = 0;
        for (int i = 0; i < data.packets().size(); i++) {
            XePacket p = data.packets().get(i);
            int gt = p.header().gt();
            int r = rank(p);
            String why = "";
            if (r < 0) {
                why = "a packet Linux's save never writes";
            } else if (i == 0 && r != 0) {
                why = "the descriptor is not first";
            } else if (r == 5 && i != data.packets().size() - 1) {
                why = "the trailer is not last";
            } else if (r >= 1 && r <= 4) {
                if (gt < lastGt || gt == lastGt && r < lastRank) {
                    why = "after the GT's " + label(lastRank) + (gt < lastGt ? " of GT " + lastGt : "");
                } else if (gt > lastGt) {
                    vramEnd = 0;
                }
                if (r == 4 && why.isEmpty() && p.header().offset() != vramEnd) {
                    why = String.format("VRAM at 0x%x, where the chunk before ended at 0x%x", p.header().offset(), vramEnd);
                }
                lastGt = gt;
                lastRank = r;
            }
            if (!why.isEmpty() && departure.isEmpty()) {
                departure = XePacket.name(i, p.header(), p.at()) + ": " + why;
            }
            if (r >= 1 && r <= 3) {
                stateSeen.merge(gt, 1, Integer::sum);
            } else if (r == 4) {
                vramEnd = p.header().offset() + p.header().size();
                if (stateSeen.getOrDefault(gt, 0) < statePackets.getOrDefault(gt, 0)) {
                    vramEarly++;
                }
                resent += resent(carried.computeIfAbsent(gt, k -> new BitSet()), p);
            }
        }
        if (!data.packets().isEmpty() && rank(data.packets().get(data.packets().size() - 1)) != 5 && departure.isEmpty()) {
            departure = "the stream does not end with its trailer";
        }
        return new VfOrder(departure.isEmpty(), vramEarly, resent, departure);
    }

    /** Bytes of {@code v} whose pages an earlier VRAM packet carried; marks its pages carried. */
    private static long resent(BitSet carried, XePacket p) {
        long off = p.header().offset();
        long size = p.header().size();
        if (off < 0 || size <= 0 || off % PAGE != 0 || size % PAGE != 0 || (off + size) / PAGE > Integer.MAX_VALUE) {
            return 0;
        }
        int from = (int) (off / PAGE);
        int to = (int) ((off + size) / PAGE);
        long again = carried.get(from, to).cardinality();
        carried.set(from, to);
        return again * PAGE;
    }

    /** Linux's save order: descriptor 0, GuC 1, GGTT 2, MMIO 3, VRAM 4, trailer 5; -1 for a skipped packet. */
    private static int rank(XePacket p) {
        if (p instanceof XePacket.Descriptor) {
            return 0;
        } else if (p instanceof XePacket.Guc) {
            return 1;
        } else if (p instanceof XePacket.Ggtt) {
            return 2;
        } else if (p instanceof XePacket.Mmio) {
            return 3;
        } else if (p instanceof XePacket.Vram) {
            return 4;
        }
        return p instanceof XePacket.Trailer ? 5 : -1;
    }

    private static String label(int rank) {
        return switch (rank) {
            case 1 -> "GuC state";
            case 2 -> "GGTT";
            case 3 -> "MMIO";
            default -> "VRAM";
        };
    }

    /** One line: "Linux's save order", or how the stream departs from it. */
    public String describe() {
        if (saveOrder) {
            return "in Linux's save order";
        }
        return String.format("not in Linux's save order (%s); %d VRAM packets before the state, %d bytes resent;"
                + " Linux's restore takes it as it comes", firstDeparture, vramBeforeState, resentBytes);
    }
}
