package io.genscope.migration.xe.precopy;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** How a VF's VRAM travels: the closed set of policies {@link VfMigration} runs. */
public sealed interface VfPolicy permits XeStopCopy, GmigOneShot, GenscopeVf {
    /** Every policy, in the order reports list them. */
    List<VfPolicy> ALL = List.of(new XeStopCopy(), new GmigOneShot(), new GenscopeVf());

    /** Its name in reports: {@code stop-copy}, {@code gmig} or {@code genscope}. */
    String name();

    /** Runs the migration: every packet from the descriptor to the trailer. */
    void run(VfRun run) throws IOException, InterruptedException;

    /** The policy called {@code name}. */
    static VfPolicy parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(p -> p.name().equals(n)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown VF policy '" + name + "' (stop-copy, gmig, genscope)"));
    }
}
