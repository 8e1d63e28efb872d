package io.genscope.spec;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one hardware generation defines: commands, structs, enums and registers, with O(1)
 * command lookup by (engine, dword 0).
 *
 * <pre>{@code
 * Spec gen9 = SpecLoader.builtin("gen9");
 * CommandDef c = gen9.find(Engine.RENDER, 0x7a000004);   // PIPE_CONTROL
 * }</pre>
 *
 * Instances are immutable and safe to share between threads.
 */
public final class Spec {
    private final String name;
    private final String version;
    private final String title;
    private final Map<String, CommandDef> commands;
    private final Map<String, StructDef> structs;
    private final Map<String, EnumDef> enums;
    private final Map<String, RegisterDef> registers;
    private final Map<Integer, RegisterDef> registersByOffset;
    private final EnumMap<Engine, CommandDef[][]> byHeader;
    private final List<String> collisions;
    private volatile EngineBases engineBases;

    Spec(String name, String version, String title, Map<String, CommandDef> commands, Map<String, StructDef> structs,
            Map<String, EnumDef> enums, Map<String, RegisterDef> registers, Map<Integer, RegisterDef> registersByOffset,
            EnumMap<Engine, CommandDef[][]> byHeader, List<String> collisions) {
        this.name = name;
        this.version = version;
        this.title = title;
        this.commands = commands;
        this.structs = structs;
        this.enums = enums;
        this.registers = registers;
        this.registersByOffset = registersByOffset;
        this.byHeader = byHeader;
        this.collisions = collisions;
    }

    /** The generation's name in spec files ({@code gen9}). */
    public String name() {
        return name;
    }

    /** The generation number as written ({@code 9}, {@code 12}). */
    public String version() {
        return version;
    }

    /** Major generation number. */
    public int major() {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    /** Marketing names of the platforms it covers. */
    public String title() {
        return title;
    }

    /**
     * The command whose header dword 0 carries on this engine, or null.
     * When two commands share a header, the one with more header bits wins, then the earlier.
     */
    public CommandDef find(Engine engine, int dw0) {
        CommandDef[] slot = byHeader.get(engine)[dw0 >>> 16];
        if (slot != null) {
            for (CommandDef c : slot) {
                if ((dw0 & c.headerMask()) == c.headerValue()) {
                    return c;
                }
            }
        }
        return null;
    }

    public CommandDef command(String commandName) {
        return commands.get(commandName);
    }

    public StructDef struct(String structName) {
        return structs.get(structName);
    }

    public EnumDef enumeration(String enumName) {
        return enums.get(enumName);
    }

    public RegisterDef register(String registerName) {
        return registers.get(registerName);
    }

    /** The register at this MMIO offset, or null. */
    public RegisterDef registerAt(int offset) {
        return registersByOffset.get(offset);
    }

    public Collection<CommandDef> commands() {
        return commands.values();
    }

    public Collection<StructDef> structs() {
        return structs.values();
    }

    public Collection<RegisterDef> registers() {
        return registers.values();
    }

    public Collection<EnumDef> enums() {
        return enums.values();
    }

    /**
     * Each engine's MMIO register-block bases, from the enum {@value EngineBases#ENUM} (read and
     * checked on first use).
     *
     * @throws IllegalStateException naming this spec when it lacks the table or the table names
     *         something that is not an engine
     */
    public EngineBases engineBases() {
        EngineBases b = engineBases;
        if (b == null) {
            b = EngineBases.of(this);
            engineBases = b;
        }
        return b;
    }

    /** Pairs of commands on one engine with identical headers, found at load time. */
    public List<String> collisions() {
        return collisions;
    }

    @Override
    public String toString() {
        return name + " (" + title + "): " + commands.size() + " commands, " + structs.size() + " structs, "
                + registers.size() + " registers";
    }
}
