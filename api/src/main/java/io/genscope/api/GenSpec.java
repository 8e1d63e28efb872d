package io.genscope.api;

import io.genscope.parser.aub.Device;
import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.Member;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command definitions of one GPU generation (gen8, gen9, gen11 or gen12): what every command,
 * field and register of that hardware looks like. Everything that decodes or rewrites commands
 * starts from one. Instances are immutable and shared; loading a built-in spec the first time takes
 * a few hundred milliseconds, later loads are cached.
 *
 * <pre>{@code
 * GenSpec skl = GenSpec.forDevice("skl");               // or "gen9", "tgl", "gen12", ...
 * GenSpec.Command c = skl.command("MI_BATCH_BUFFER_START").orElseThrow();
 * c.fields().forEach(f -> System.out.println(f.name() + " bits " + f.startBit() + ".." + f.endBit()));
 * }</pre>
 */
public final class GenSpec {
    private final Spec spec;

    private GenSpec(Spec spec) {
        this.spec = spec;
    }

    /**
     * The built-in spec for a device or generation.
     *
     * @param device a platform short name ({@code bdw}, {@code skl}, {@code kbl}, {@code icl},
     *     {@code tgl}, {@code adl}, ...) or a generation ({@code gen8}, {@code gen9}, {@code gen11},
     *     {@code gen12}); case-insensitive
     * @return the spec
     * @throws IllegalArgumentException when genscope knows no such device
     */
    public static GenSpec forDevice(String device) {
        String name = Device.specForPlatform(device).orElseThrow(() -> new IllegalArgumentException(
                "unknown device or generation '" + device + "' (one of " + Device.platforms()
                        + " or " + SpecLoader.BUILTIN + ")"));
        return new GenSpec(SpecLoader.builtin(name));
    }

    /**
     * The built-in spec for a PCI device ID, as captures and {@code lspci -n} name devices.
     *
     * @param pciId the device ID ({@code 0x1912} for a Skylake GT2)
     * @return the spec, or empty when the device is not one genscope knows
     */
    public static Optional<GenSpec> forPciId(int pciId) {
        return Device.byPciId(pciId).filter(d -> d.spec() != null).map(d -> new GenSpec(SpecLoader.builtin(d.spec())));
    }

    /**
     * The names {@link #forDevice} accepts.
     *
     * @return the generations, then the platform short names, sorted
     */
    public static List<String> devices() {
        List<String> out = new ArrayList<>(SpecLoader.BUILTIN);
        out.addAll(Device.platforms());
        return List.copyOf(out);
    }

    /**
     * The spec's name.
     *
     * @return {@code gen9}, {@code gen12}, ...
     */
    public String name() {
        return spec.name();
    }

    /**
     * A title for people.
     *
     * @return the hardware the spec describes, e.g. {@code Skylake, Kaby Lake, Coffee Lake}
     */
    public String title() {
        return spec.title();
    }

    /**
     * The names of every command the spec defines, in definition order.
     *
     * @return the command names
     */
    public List<String> commandNames() {
        return spec.commands().stream().map(CommandDef::name).toList();
    }

    /**
     * One command's definition.
     *
     * @param name the PRM name, e.g. {@code PIPE_CONTROL}
     * @return the definition, or empty when the spec has no such command
     */
    public Optional<Command> command(String name) {
        CommandDef def = spec.command(name);
        if (def == null) {
            return Optional.empty();
        }
        List<Field> fields = new ArrayList<>();
        for (Member m : def.members()) {
            if (m instanceof FieldDef f) {
                fields.add(new Field(f.name(), f.start(), f.end(), f.isAddress()));
            }
        }
        Set<Engine> engines = EnumSet.noneOf(Engine.class);
        def.engines().forEach(e -> engines.add(Engine.of(e)));
        return Optional.of(new Command(def.name(), Set.copyOf(engines), List.copyOf(fields)));
    }

    Spec internal() {
        return spec;
    }

    static GenSpec of(Spec spec) {
        return new GenSpec(spec);
    }

    @Override
    public String toString() {
        return spec.name() + " (" + spec.title() + ")";
    }

    /**
     * A command as the spec defines it.
     *
     * <pre>{@code
     * GenSpec.forDevice("gen9").command("PIPE_CONTROL").orElseThrow().engines();   // [RENDER, COMPUTE]
     * }</pre>
     *
     * @param name the PRM name
     * @param engines the engines that accept it
     * @param fields its top-level fields in dword order (fields of repeated groups are not listed)
     */
    public record Command(String name, Set<Engine> engines, List<Field> fields) {
    }

    /**
     * A top-level bit field of a command. Bits count over the whole command: bit 32 is bit 0 of dword 1.
     *
     * <pre>{@code
     * Field f = c.fields().get(0);   // "Command Type" bits 29..31 for an MI_ command
     * }</pre>
     *
     * @param name the PRM name
     * @param startBit first bit
     * @param endBit last bit, inclusive
     * @param address whether the field holds a graphics address
     */
    public record Field(String name, int startBit, int endBit, boolean address) {
    }
}
