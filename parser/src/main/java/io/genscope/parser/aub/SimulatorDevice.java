package io.genscope.parser.aub;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A product as AUB files name it without a PCI ID: the simulator's device number in the version
 * packet (dword 2 bits 15:8) and the product abbreviation (dwords 3-4). Intel's compute runtime
 * (NEO) and AubStream write these instead of Mesa's {@code PCI-ID=} tag.
 *
 * <p>Numbers are the {@code DeviceValues} enumeration of the MemTrace version packet as published
 * in intel/compute-runtime {@code shared/source/aub_mem_dump/aub_services.h}; abbreviations and the
 * numbers of later products (adlp 0x22, adls 0x25, dg1 0x1e, tgllp 0x16) are the
 * {@code productAbbreviation} / {@code deviceId} pairs of intel/aubstream
 * {@code aub_mem_dump/gen*}/{@code *}/{@code command_streamer_helper_*.cpp}. Verified against our
 * own NEO captures: skl writes device 12, tgllp device 22 (both with an empty abbreviation). The
 * numbers of XeHP SDV (29), DG2 (36), Ponte Vecchio (39), Meteor Lake (42), Lunar Lake (45) and
 * Panther Lake (51) are the ones NEO 22.43 and NEO 26.27 (through aubstream) wrote in our captures
 * of those products ({@code tools/xcheck/README.md}); Battlemage's (43) is aubstream's
 * ({@code aub_mem_dump/xe2_hpg_core/bmg}), as is Lunar Lake's, which matches our capture.
 *
 * @param number simulator device number (dword 2 bits 15:8)
 * @param abbreviation product abbreviation as AubStream writes it ({@code skl}, {@code tgllp})
 * @param platform the platform short name {@link Device} and {@code --gen} use ({@code skl}, {@code tgl})
 * @param spec the built-in spec that decodes it, or null when genscope has none (gen10)
 * @param name the product's name
 */
public record SimulatorDevice(int number, String abbreviation, String platform, String spec, String name) {

    private static final List<SimulatorDevice> ALL = List.of(
            new SimulatorDevice(11, "bdw", "bdw", "gen8", "Broadwell"),
            new SimulatorDevice(13, "chv", "chv", "gen8", "Cherryview"),
            new SimulatorDevice(12, "skl", "skl", "gen9", "Skylake"),
            new SimulatorDevice(14, "bxt", "bxt", "gen9", "Broxton"),
            new SimulatorDevice(16, "kbl", "kbl", "gen9", "Kaby Lake"),
            new SimulatorDevice(17, "glk", "glk", "gen9", "Gemini Lake"),
            new SimulatorDevice(24, "cfl", "cfl", "gen9", "Coffee Lake"),
            new SimulatorDevice(15, "cnl", "cnl", null, "Cannon Lake"),
            new SimulatorDevice(19, "icllp", "icl", "gen11", "Ice Lake LP"),
            new SimulatorDevice(25, "lkf", "lkf", "gen11", "Lakefield"),
            new SimulatorDevice(28, "ehl", "ehl", "gen11", "Elkhart Lake"),
            new SimulatorDevice(22, "tgllp", "tgl", "gen12", "Tiger Lake LP"),
            new SimulatorDevice(30, "dg1", "dg1", "gen12", "DG1"),
            new SimulatorDevice(34, "adlp", "adl", "gen12", "Alder Lake P"),
            new SimulatorDevice(37, "adls", "adl", "gen12", "Alder Lake S"),
            new SimulatorDevice(29, "xe_hp_sdv", "xehp", "gen125", "XeHP SDV"),
            new SimulatorDevice(36, "dg2", "dg2", "gen125", "DG2"),
            new SimulatorDevice(39, "pvc", "pvc", "gen125", "Ponte Vecchio"),
            new SimulatorDevice(42, "mtl", "mtl", "gen125", "Meteor Lake"),
            new SimulatorDevice(43, "bmg", "bmg", "gen20", "Battlemage"),
            new SimulatorDevice(45, "lnl", "lnl", "gen20", "Lunar Lake"),
            new SimulatorDevice(51, "ptl", "ptl", "gen30", "Panther Lake"));

    /** The product with this simulator device number, if known. */
    public static Optional<SimulatorDevice> byNumber(int number) {
        return ALL.stream().filter(d -> d.number == number).findFirst();
    }

    /**
     * The product with this abbreviation ({@code tgllp}), or with this platform name ({@code tgl})
     * when no abbreviation matches; case-insensitive, surrounding blanks ignored.
     */
    public static Optional<SimulatorDevice> byAbbreviation(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Optional<SimulatorDevice> exact = ALL.stream().filter(d -> d.abbreviation.equals(t)).findFirst();
        return exact.isPresent() ? exact : ALL.stream().filter(d -> d.platform.equals(t)).findFirst();
    }

    /** Every known product, in table order. */
    public static List<SimulatorDevice> all() {
        return ALL;
    }

    /** What the decoder prints as the device: {@code Tiger Lake LP (tgllp, AUB device 22)}. */
    public String label() {
        return name + " (" + abbreviation + ", AUB device " + number + ")";
    }
}
