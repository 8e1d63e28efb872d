package io.genscope.parser.aub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A GPU this toolkit knows by PCI device ID: which spec decodes it and the name Mesa's tools print
 * for it ("Decoding as: ..." in aubinator).
 *
 * <p>IDs and names are the facts listed in Mesa's {@code include/pci_ids/iris_pci_ids.h} (which
 * match the Linux kernel's {@code i915_pciids.h} groups) for the gen8 to gen12 platforms.
 *
 * @param pciId the PCI device ID
 * @param platform short platform name ({@code skl}, {@code tgl}, ...)
 * @param spec name of the built-in spec that decodes it ({@code gen8}, {@code gen9}, {@code gen11}, {@code gen12})
 * @param name marketing name followed by Mesa's label, e.g. {@code Intel(R) HD Graphics 530 (SKL GT2)}
 */
public record Device(int pciId, String platform, String spec, String name) {

    private static final Map<String, String> SPEC_BY_PLATFORM = Map.ofEntries(
            Map.entry("bdw", "gen8"), Map.entry("chv", "gen8"),
            Map.entry("skl", "gen9"), Map.entry("bxt", "gen9"), Map.entry("glk", "gen9"), Map.entry("kbl", "gen9"),
            Map.entry("aml", "gen9"), Map.entry("cfl", "gen9"), Map.entry("whl", "gen9"), Map.entry("cml", "gen9"),
            Map.entry("icl", "gen11"), Map.entry("ehl", "gen11"), Map.entry("jsl", "gen11"),
            Map.entry("tgl", "gen12"), Map.entry("rkl", "gen12"), Map.entry("adl", "gen12"), Map.entry("rpl", "gen12"),
            Map.entry("dg1", "gen12"), Map.entry("sg1", "gen12"));

    /** id | platform | label | marketing name: Mesa 22.3.6's PCI id lists (gen8 to gen12), as aubinator names them. */
    private static final String TABLE = """
            1602|bdw|BDW GT1|Intel(R) HD Graphics
            1606|bdw|BDW GT1|Intel(R) HD Graphics
            160a|bdw|BDW GT1|Intel(R) HD Graphics
            160b|bdw|BDW GT1|Intel(R) HD Graphics
            160d|bdw|BDW GT1|Intel(R) HD Graphics
            160e|bdw|BDW GT1|Intel(R) HD Graphics
            1612|bdw|BDW GT2|Intel(R) HD Graphics 5600
            1616|bdw|BDW GT2|Intel(R) HD Graphics 5500
            161a|bdw|BDW GT2|Intel(R) HD Graphics P5700
            161b|bdw|BDW GT2|Intel(R) HD Graphics
            161d|bdw|BDW GT2|Intel(R) HD Graphics
            161e|bdw|BDW GT2|Intel(R) HD Graphics 5300
            1622|bdw|BDW GT3|Intel(R) Iris(R) Pro Graphics 6200
            1626|bdw|BDW GT3|Intel(R) HD Graphics 6000
            162a|bdw|BDW GT3|Intel(R) Iris(R) Pro Graphics P6300
            162b|bdw|BDW GT3|Intel(R) Iris(R) Graphics 6100
            162d|bdw|BDW GT3|Intel(R) HD Graphics
            162e|bdw|BDW GT3|Intel(R) HD Graphics
            1902|skl|SKL GT1|Intel(R) HD Graphics 510
            1906|skl|SKL GT1|Intel(R) HD Graphics 510
            190a|skl|SKL GT1|Intel(R) HD Graphics
            190b|skl|SKL GT1|Intel(R) HD Graphics 510
            190e|skl|SKL GT1|Intel(R) HD Graphics
            1912|skl|SKL GT2|Intel(R) HD Graphics 530
            1913|skl|SKL GT2F|Intel(R) HD Graphics
            1915|skl|SKL GT2F|Intel(R) HD Graphics
            1916|skl|SKL GT2|Intel(R) HD Graphics 520
            1917|skl|SKL GT2F|Intel(R) HD Graphics
            191a|skl|SKL GT2|Intel(R) HD Graphics
            191b|skl|SKL GT2|Intel(R) HD Graphics 530
            191d|skl|SKL GT2|Intel(R) HD Graphics P530
            191e|skl|SKL GT2|Intel(R) HD Graphics 515
            1921|skl|SKL GT2|Intel(R) HD Graphics 520
            1923|skl|SKL GT3|Intel(R) HD Graphics 535
            1926|skl|SKL GT3|Intel(R) Iris(R) Graphics 540
            1927|skl|SKL GT3|Intel(R) Iris(R) Graphics 550
            192a|skl|SKL GT4|Intel(R) HD Graphics
            192b|skl|SKL GT3|Intel(R) Iris(R) Graphics 555
            192d|skl|SKL GT3|Intel(R) Iris(R) Graphics P555
            1932|skl|SKL GT4|Intel(R) Iris(R) Pro Graphics 580
            193a|skl|SKL GT4|Intel(R) Iris(R) Pro Graphics P580
            193b|skl|SKL GT4|Intel(R) Iris(R) Pro Graphics 580
            193d|skl|SKL GT4|Intel(R) Iris(R) Pro Graphics P580
            0a84|bxt|BXT 3|Intel(R) HD Graphics
            1a84|bxt|BXT 3|Intel(R) HD Graphics
            1a85|bxt|BXT 2|Intel(R) HD Graphics
            5a84|bxt|APL 3|Intel(R) HD Graphics 505
            5a85|bxt|APL 2|Intel(R) HD Graphics 500
            3184|glk|GLK 3|Intel(R) UHD Graphics 605
            3185|glk|GLK 2|Intel(R) UHD Graphics 600
            5902|kbl|KBL GT1|Intel(R) HD Graphics 610
            5906|kbl|KBL GT1|Intel(R) HD Graphics 610
            590a|kbl|KBL GT1|Intel(R) HD Graphics
            5908|kbl|KBL GT1|Intel(R) HD Graphics
            590b|kbl|KBL GT1|Intel(R) HD Graphics 610
            590e|kbl|KBL GT1|Intel(R) HD Graphics
            5913|kbl|KBL GT1.5|Intel(R) HD Graphics
            5915|kbl|KBL GT1.5|Intel(R) HD Graphics
            5917|kbl|KBL GT2|Intel(R) UHD Graphics 620
            5912|kbl|KBL GT2|Intel(R) HD Graphics 630
            5916|kbl|KBL GT2|Intel(R) HD Graphics 620
            591a|kbl|KBL GT2|Intel(R) HD Graphics P630
            591b|kbl|KBL GT2|Intel(R) HD Graphics 630
            591d|kbl|KBL GT2|Intel(R) HD Graphics P630
            591e|kbl|KBL GT2|Intel(R) HD Graphics 615
            5921|kbl|KBL GT2F|Intel(R) HD Graphics 620
            5923|kbl|KBL GT3|Intel(R) HD Graphics 635
            5926|kbl|KBL GT3|Intel(R) Iris(R) Plus Graphics 640 (Kaby Lake GT3e)
            5927|kbl|KBL GT3|Intel(R) Iris(R) Plus Graphics 650 (Kaby Lake GT3e)
            593b|kbl|KBL GT4|Intel(R) HD Graphics
            591c|kbl|AML-KBL|Intel(R) UHD Graphics 615
            87c0|kbl|AML-KBL|Intel(R) UHD Graphics 617
            87ca|cfl|AML-CFL|Intel(R) UHD Graphics
            3e90|cfl|CFL GT1|Intel(R) UHD Graphics 610
            3e93|cfl|CFL GT1|Intel(R) UHD Graphics 610
            3e99|cfl|CFL GT1|Intel(R) UHD Graphics 610
            3e9c|cfl|CFL GT1|Intel(R) UHD Graphics 610
            3e91|cfl|CFL GT2|Intel(R) UHD Graphics 630
            3e92|cfl|CFL GT2|Intel(R) UHD Graphics 630
            3e96|cfl|CFL GT2|Intel(R) UHD Graphics P630
            3e98|cfl|CFL GT2|Intel(R) UHD Graphics 630
            3e9a|cfl|CFL GT2|Intel(R) UHD Graphics P630
            3e9b|cfl|CFL GT2|Intel(R) UHD Graphics 630
            3e94|cfl|CFL GT2|Intel(R) UHD Graphics P630
            3ea9|cfl|CFL GT2|Intel(R) UHD Graphics 620
            3ea5|cfl|CFL GT3|Intel(R) Iris(R) Plus Graphics 655
            3ea6|cfl|CFL GT3|Intel(R) Iris(R) Plus Graphics 645
            3ea7|cfl|CFL GT3|Intel(R) HD Graphics
            3ea8|cfl|CFL GT3|Intel(R) Iris(R) Plus Graphics 655
            3ea1|cfl|WHL GT1|Intel(R) UHD Graphics 610
            3ea4|cfl|WHL GT1|Intel(R) UHD Graphics
            3ea0|cfl|WHL GT2|Intel(R) UHD Graphics 620
            3ea3|cfl|WHL GT2|Intel(R) UHD Graphics
            3ea2|cfl|WHL GT3|Intel(R) UHD Graphics
            9b21|cfl|CML GT1|Intel(R) UHD Graphics
            9ba0|cfl|CML GT1|Intel(R) UHD Graphics
            9ba2|cfl|CML GT1|Intel(R) UHD Graphics
            9ba4|cfl|CML GT1|Intel(R) UHD Graphics
            9ba5|cfl|CML GT1|Intel(R) UHD Graphics 610
            9ba8|cfl|CML GT1|Intel(R) UHD Graphics 610
            9baa|cfl|CML GT1|Intel(R) UHD Graphics
            9bab|cfl|CML GT1|Intel(R) UHD Graphics
            9bac|cfl|CML GT1|Intel(R) UHD Graphics
            9b41|cfl|CML GT2|Intel(R) UHD Graphics
            9bc0|cfl|CML GT2|Intel(R) UHD Graphics
            9bc2|cfl|CML GT2|Intel(R) UHD Graphics
            9bc4|cfl|CML GT2|Intel(R) UHD Graphics
            9bc5|cfl|CML GT2|Intel(R) UHD Graphics 630
            9bc6|cfl|CML GT2|Intel(R) UHD Graphics P630
            9bc8|cfl|CML GT2|Intel(R) UHD Graphics 630
            9bca|cfl|CML GT2|Intel(R) UHD Graphics
            9bcb|cfl|CML GT2|Intel(R) UHD Graphics
            9bcc|cfl|CML GT2|Intel(R) UHD Graphics
            9be6|cfl|CML GT2|Intel(R) UHD Graphics P630
            9bf6|cfl|CML GT2|Intel(R) UHD Graphics P630
            8a50|icl|ICL GT2|Intel(R) HD Graphics
            8a51|icl|ICL GT2|Intel(R) Iris(R) Plus Graphics
            8a52|icl|ICL GT2|Intel(R) Iris(R) Plus Graphics
            8a53|icl|ICL GT2|Intel(R) Iris(R) Plus Graphics
            8a54|icl|ICL GT1.5|Intel(R) Iris(R) Plus Graphics
            8a56|icl|ICL GT1|Intel(R) UHD Graphics
            8a57|icl|ICL GT1.5|Intel(R) HD Graphics
            8a58|icl|ICL GT1|Intel(R) UHD Graphics
            8a59|icl|ICL GT1.5|Intel(R) HD Graphics
            8a5a|icl|ICL GT1.5|Intel(R) Iris(R) Plus Graphics
            8a5b|icl|ICL GT1|Intel(R) HD Graphics
            8a5c|icl|ICL GT1.5|Intel(R) Iris(R) Plus Graphics
            8a5d|icl|ICL GT1|Intel(R) HD Graphics
            8a71|icl|ICL GT0.5|Intel(R) HD Graphics
            4500|ehl|EHL|Intel(R) UHD Graphics
            4541|ehl|EHL|Intel(R) UHD Graphics
            4551|ehl|EHL|Intel(R) UHD Graphics
            4555|ehl|EHL|Intel(R) UHD Graphics
            4557|ehl|EHL|Intel(R) UHD Graphics
            4571|ehl|EHL|Intel(R) UHD Graphics
            4e51|ehl|JSL|Intel(R) UHD Graphics
            4e55|ehl|JSL|Intel(R) UHD Graphics
            4e57|ehl|JSL|Intel(R) UHD Graphics
            4e61|ehl|JSL|Intel(R) UHD Graphics
            4e71|ehl|JSL|Intel(R) UHD Graphics
            4c8a|rkl|RKL GT1|Intel(R) Graphics
            4c8b|rkl|RKL GT1|Intel(R) Graphics
            4c8c|rkl|RKL GT0.5|Intel(R) Graphics
            4c90|rkl|RKL GT1|Intel(R) Graphics
            4c9a|rkl|RKL GT1|Intel(R) Graphics
            4680|adl|ADL-S GT1|Intel(R) UHD Graphics 770
            4682|adl|ADL-S GT1|Intel(R) UHD Graphics 730
            4688|adl|ADL-S GT1|Intel(R) UHD Graphics
            468a|adl|ADL-S GT1|Intel(R) UHD Graphics
            468b|adl|ADL-S GT0.5|Intel(R) UHD Graphics
            4690|adl|ADL-S GT1|Intel(R) UHD Graphics 770
            4692|adl|ADL-S GT1|Intel(R) UHD Graphics 730
            4693|adl|ADL-S GT1|Intel(R) UHD Graphics 710
            4626|adl|ADL GT2|Intel(R) Graphics
            4628|adl|ADL GT2|Intel(R) Graphics
            462a|adl|ADL GT2|Intel(R) Graphics
            46a0|adl|ADL GT2|Intel(R) Graphics
            46a1|adl|ADL GT2|Intel(R) Graphics
            46a2|adl|ADL GT2|Intel(R) Graphics
            46a3|adl|ADL GT2|Intel(R) Graphics
            46a6|adl|ADL GT2|Intel(R) Graphics
            46a8|adl|ADL GT2|Intel(R) Graphics
            46aa|adl|ADL GT2|Intel(R) Graphics
            46b0|adl|ADL GT2|Intel(R) Graphics
            46b1|adl|ADL GT2|Intel(R) Graphics
            46b2|adl|ADL GT2|Intel(R) Graphics
            46b3|adl|ADL GT2|Intel(R) Graphics
            46c0|adl|ADL GT2|Intel(R) Graphics
            46c1|adl|ADL GT2|Intel(R) Graphics
            46c2|adl|ADL GT2|Intel(R) Graphics
            46c3|adl|ADL GT2|Intel(R) Graphics
            46d0|adl|ADL-N|Intel(R) Graphics
            46d1|adl|ADL-N|Intel(R) Graphics
            46d2|adl|ADL-N|Intel(R) Graphics
            9a40|tgl|TGL GT2|Intel(R) Xe Graphics
            9a49|tgl|TGL GT2|Intel(R) Xe Graphics
            9a59|tgl|TGL GT2|Intel(R) Graphics
            9a60|tgl|TGL GT1|Intel(R) UHD Graphics
            9a68|tgl|TGL GT1|Intel(R) UHD Graphics
            9a70|tgl|TGL GT1|Intel(R) UHD Graphics
            9a78|tgl|TGL GT2|Intel(R) UHD Graphics
            9ac0|tgl|TGL GT2|Intel(R) UHD Graphics
            9ac9|tgl|TGL GT2|Intel(R) UHD Graphics
            9ad9|tgl|TGL GT2|Intel(R) UHD Graphics
            9af8|tgl|TGL GT2|Intel(R) UHD Graphics
            a780|rpl|RPL-S|Intel(R) Graphics
            a781|rpl|RPL-S|Intel(R) Graphics
            a782|rpl|RPL-S|Intel(R) Graphics
            a783|rpl|RPL-S|Intel(R) Graphics
            a788|rpl|RPL-S|Intel(R) Graphics
            a789|rpl|RPL-S|Intel(R) Graphics
            a78a|rpl|RPL-S|Intel(R) Graphics
            a78b|rpl|RPL-S|Intel(R) Graphics
            a720|rpl|RPL-P|Intel(R) Graphics
            a721|rpl|RPL-P|Intel(R) Graphics
            a7a0|rpl|RPL-P|Intel(R) Graphics
            a7a1|rpl|RPL-P|Intel(R) Graphics
            a7a8|rpl|RPL-P|Intel(R) Graphics
            a7a9|rpl|RPL-P|Intel(R) Graphics
            4905|dg1|DG1|Intel(R) Graphics
            4906|dg1|DG1|Intel(R) Graphics
            4907|sg1|SG1|Intel(R) Graphics
            4908|dg1|DG1|Intel(R) Graphics
            4909|dg1|DG1|Intel(R) Graphics
            22b0|chv|CHV|Intel(R) HD Graphics
            22b1|chv|BSW|Intel(R) HD Graphics XXX
            22b2|chv|CHV|Intel(R) HD Graphics
            22b3|chv|CHV|Intel(R) HD Graphics
            4570|ehl|EHL|Intel(R) UHD Graphics
            46d3|adl|ADL-N|Intel(R) Graphics
            46d4|adl|ADL-N|Intel(R) Graphics
            a7aa|rpl|RPL-P|Intel(R) Graphics
            a7ab|rpl|RPL-P|Intel(R) Graphics
            a7ac|rpl|RPL-U|Intel(R) Graphics
            a7ad|rpl|RPL-U|Intel(R) Graphics
            """;

    private static final Map<Integer, Device> BY_ID;
    private static final List<Device> ALL;

    static {
        Map<Integer, Device> byId = new HashMap<>();
        List<Device> all = new ArrayList<>();
        for (String line : TABLE.split("\n")) {
            String[] f = line.split("\\|");
            String platform = f[1];
            Device d = new Device(Integer.parseInt(f[0], 16), platform, SPEC_BY_PLATFORM.get(platform),
                    f[3] + " (" + f[2] + ")");
            byId.put(d.pciId(), d);
            all.add(d);
        }
        BY_ID = Map.copyOf(byId);
        ALL = Collections.unmodifiableList(all);
    }

    /** The device with this PCI ID, if known. */
    public static Optional<Device> byPciId(int pciId) {
        return Optional.ofNullable(BY_ID.get(pciId));
    }

    /** Every known device, in table order. */
    public static List<Device> all() {
        return ALL;
    }

    /**
     * The spec for a {@code --gen} option: a platform short name ({@code bdw}, {@code skl},
     * {@code kbl}, {@code cfl}, {@code icl}, {@code tgl}, {@code rkl}, {@code adl}, {@code dg1}, ...)
     * or a spec name itself ({@code gen9}); case-insensitive.
     */
    public static Optional<String> specForPlatform(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (SPEC_BY_PLATFORM.containsValue(n)) {
            return Optional.of(n);
        }
        return Optional.ofNullable(SPEC_BY_PLATFORM.get(n));
    }

    /** The platform short names {@link #specForPlatform} accepts, sorted. */
    public static List<String> platforms() {
        return SPEC_BY_PLATFORM.keySet().stream().sorted().toList();
    }
}
