package io.genscope.migration.state;

import io.genscope.spec.Engine;

/**
 * Where an engine's ring registers sit in MMIO (gen8/gen9 bases), and the ring state read from
 * or written to a {@link MmioSnapshot}.
 *
 * <pre>
 * base + 0x30  RING_TAIL   byte offset just past the last command
 * base + 0x34  RING_HEAD   byte offset of the next command
 * base + 0x38  RING_START  GGTT address of the ring
 * base + 0x3C  RING_CTL    bits 20:12 = pages - 1, bit 0 = enabled
 * base + 0x80  HWS_PGA     GGTT address of the hardware status page
 * base + 0x29C RING_MODE   bit 15 = execlists enabled (masked write: bits 31:16 select)
 * </pre>
 */
public final class EngineRegisters {
    public static final int TAIL = 0x30;
    public static final int HEAD = 0x34;
    public static final int START = 0x38;
    public static final int CTL = 0x3C;
    public static final int HWS_PGA = 0x80;
    public static final int RING_MODE = 0x29C;

    private EngineRegisters() {
    }

    /** MMIO base of an engine's registers on gen8/gen9. */
    public static int base(Engine engine) {
        return switch (engine) {
            case RENDER -> 0x2000;
            case VIDEO -> 0x12000;
            case VIDEOENHANCE -> 0x1A000;
            case BLITTER -> 0x22000;
            case COMPUTE -> throw new IllegalArgumentException("no compute engine before gen12");
        };
    }

    /** Ring state of one engine. */
    public record Ring(Engine engine, long start, int head, int tail, int ctl, long statusPage) {
        /** Ring size in bytes, from RING_CTL. */
        public int size() {
            return (((ctl >>> 12) & 0x1ff) + 1) << 12;
        }

        public boolean enabled() {
            return (ctl & 1) != 0;
        }

        /** RING_CTL value for a ring of {@code bytes} (4 KiB multiple), enabled. */
        public static int ctlFor(int bytes) {
            return (((bytes >>> 12) - 1) << 12) | 1;
        }
    }

    public static Ring read(MmioSnapshot mmio, Engine engine) {
        int b = base(engine);
        return new Ring(engine, mmio.readInt(b + START) & 0xffffffffL, mmio.readInt(b + HEAD), mmio.readInt(b + TAIL),
                mmio.readInt(b + CTL), mmio.readInt(b + HWS_PGA) & 0xffffffffL);
    }

    public static void write(MmioSnapshot mmio, Ring ring) {
        int b = base(ring.engine());
        mmio.writeInt(b + START, (int) ring.start());
        mmio.writeInt(b + HEAD, ring.head());
        mmio.writeInt(b + TAIL, ring.tail());
        mmio.writeInt(b + CTL, ring.ctl());
        mmio.writeInt(b + HWS_PGA, (int) ring.statusPage());
        mmio.writeInt(b + RING_MODE, 1 << 15);
    }
}
