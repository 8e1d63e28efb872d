package io.genscope.repl.model;

import io.genscope.parser.aub.Device;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The one reading of a {@code --gen} name for the command line and the shell: a platform short
 * name or a spec name, as the device table ({@link Device#specForPlatform}) knows them, so a
 * platform added there is accepted (and completed) everywhere.
 */
public final class Generations {
    private Generations() {
    }

    /**
     * The built-in spec name {@code name} stands for.
     *
     * @param option how the refusal names the value ({@code --gen})
     * @throws IllegalArgumentException naming the value and the accepted names when none matches
     */
    public static String specName(String option, String name) {
        return Device.specForPlatform(name).orElseThrow(() -> new IllegalArgumentException(option + " '" + name
                + "': not a device or generation genscope knows (one of " + String.join(", ", names()) + ")"));
    }

    /** Every accepted name: the generations, then the platforms, each sorted. */
    public static List<String> names() {
        TreeSet<String> gens = new TreeSet<>(SpecLoader.BUILTIN);
        for (String p : Device.platforms()) {
            Device.specForPlatform(p).ifPresent(gens::add);
        }
        List<String> all = new ArrayList<>(gens);
        all.addAll(Device.platforms());
        return all;
    }
}
