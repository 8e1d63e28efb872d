package io.genscope.migration.state;

import io.genscope.spec.Engine;
import io.genscope.spec.EngineBases;
import io.genscope.spec.RegisterDef;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;

/**
 * Where an engine's ring registers sit in MMIO, and the ring state read from or written to a
 * {@link MmioSnapshot}. The vGPU is a gen9 device: engine bases and the ring start, control and
 * status page offsets are the gen9 spec's ({@code Engine MMIO Bases}, {@code RCS_RING_BUFFER_START},
 * {@code RCS_RING_BUFFER_CTL}, {@code RCS_HWS_PGA}); the spec does not carry head, tail and mode.
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
    /** The generation of the vGPU whose registers these are. */
    public static final String SPEC = "gen9";
    public static final int TAIL = 0x30;
    public static final int HEAD = 0x34;
    public static final int START = relative(Names.START);
    public static final int CTL = relative(Names.CTL);
    public static final int HWS_PGA = relative(Names.HWS_PGA);
    public static final int RING_MODE = 0x29C;

    private EngineRegisters() {
    }

    /**
     * The spec's names of the registers read here, apart from the class so that the spec loader can
     * check them ({@link #REQUIRED}) without running this class's initialiser, which loads a spec.
     */
    public static final class Names {
        static final String START = "RCS_RING_BUFFER_START";
        static final String CTL = "RCS_RING_BUFFER_CTL";
        static final String HWS_PGA = "RCS_HWS_PGA";
        /** The registers, for the misspelling check of {@code RequiredNames.unknownIn}. */
        public static final io.genscope.spec.RequiredNames REQUIRED = io.genscope.spec.RequiredNames
                .of("engine ring registers (" + EngineRegisters.class.getName() + ")")
                .register(START).register(CTL).register(HWS_PGA);

        private Names() {
        }
    }

    /** The engine bases of the vGPU's generation. */
    public static EngineBases bases() {
        return SpecLoader.builtin(SPEC).engineBases();
    }

    /**
     * MMIO base of an engine's (first) register block on the vGPU's generation.
     *
     * @throws IllegalArgumentException for an engine gen9 lacks (compute)
     */
    public static int base(Engine engine) {
        return bases().base(engine);
    }

    /** A render-engine register's offset from the render base, failing loudly when the spec lacks it. */
    private static int relative(String register) {
        Spec spec = SpecLoader.builtin(SPEC);
        RegisterDef r = spec.register(register);
        if (r == null) {
            throw new IllegalStateException("spec " + SPEC + " has no register \"" + register
                    + "\" (EngineRegisters reads the ring registers from it)");
        }
        return r.offset() - spec.engineBases().base(Engine.RENDER);
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
