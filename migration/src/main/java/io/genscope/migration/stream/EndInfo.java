package io.genscope.migration.stream;

import io.genscope.migration.state.DeviceRegion;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The END record's payload: what the destination must have received, so that a dropped or
 * duplicated record, or a damaged device-state region, is found before anything is committed.
 *
 * <pre>
 *  0 u64 records before END      8 u64 page records (raw + zero)
 * 16 per device-state region, 16 bytes each:  u32 region id, u32 length, u32 CRC-32C, u32 0
 * </pre>
 */
public record EndInfo(long records, long pages, List<RegionSum> regions) {
    /** Length and CRC-32C of one whole device-state region. */
    public record RegionSum(DeviceRegion region, int length, int crc32c) {
    }

    public EndInfo {
        regions = List.copyOf(regions);
    }

    public int bytes() {
        return 16 + 16 * regions.size();
    }

    public void encode(ByteBuffer b) {
        b.putLong(records).putLong(pages);
        for (RegionSum r : regions) {
            b.putInt(r.region().id()).putInt(r.length()).putInt(r.crc32c()).putInt(0);
        }
    }

    /** Decodes an END payload of {@code length} bytes; null with the reason in {@code why[0]} when invalid. */
    public static EndInfo decode(ByteBuffer b, int off, int length, String[] why) {
        if ((length - 16) % 16 != 0) {
            why[0] = "END payload of " + length + " bytes is not 16 + 16 x regions";
            return null;
        }
        List<RegionSum> list = new ArrayList<>();
        for (int p = off + 16; p < off + length; p += 16) {
            DeviceRegion r = DeviceRegion.byId(b.getInt(p) & 0xffffffffL);
            int len = b.getInt(p + 4);
            if (r == null) {
                why[0] = "END lists unknown device region " + (b.getInt(p) & 0xffffffffL);
                return null;
            }
            if (len < 0 || len > r.maxBytes()) {
                why[0] = "END gives region " + r + " a length of " + (len & 0xffffffffL) + " bytes";
                return null;
            }
            list.add(new RegionSum(r, len, b.getInt(p + 8)));
        }
        return new EndInfo(b.getLong(off), b.getLong(off + 8), list);
    }
}
