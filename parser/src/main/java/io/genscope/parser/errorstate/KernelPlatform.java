package io.genscope.parser.errorstate;

import io.genscope.parser.aub.Device;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Platform:} line of an error state ({@code SKYLAKE}, {@code ICELAKE}, ...: the i915
 * driver's platform names) mapped to the short platform names {@link Device#specForPlatform}
 * knows. Used when the state has no {@code PCI ID:} line or one not in the device table.
 * Platforms genscope has no spec for (before gen8, and gen12.5 onwards) map to nothing.
 */
final class KernelPlatform {
    private static final Map<String, String> SHORT_NAME = Map.ofEntries(
            Map.entry("BROADWELL", "bdw"), Map.entry("CHERRYVIEW", "bdw"),
            Map.entry("SKYLAKE", "skl"), Map.entry("BROXTON", "bxt"), Map.entry("KABYLAKE", "kbl"),
            Map.entry("GEMINILAKE", "glk"), Map.entry("COFFEELAKE", "cfl"), Map.entry("COMETLAKE", "cml"),
            Map.entry("ICELAKE", "icl"), Map.entry("ELKHARTLAKE", "ehl"), Map.entry("JASPERLAKE", "jsl"),
            Map.entry("TIGERLAKE", "tgl"), Map.entry("ROCKETLAKE", "rkl"), Map.entry("DG1", "dg1"),
            Map.entry("ALDERLAKE_S", "adl"), Map.entry("ALDERLAKE_P", "adl"));

    private KernelPlatform() {
    }

    /** The built-in spec for a kernel platform name, if genscope has one. */
    static Optional<String> spec(String platform) {
        String shortName = SHORT_NAME.get(platform.trim().toUpperCase(Locale.ROOT));
        return shortName == null ? Optional.empty() : Device.specForPlatform(shortName);
    }
}
