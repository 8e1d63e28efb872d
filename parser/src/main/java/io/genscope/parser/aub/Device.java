package io.genscope.parser.aub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A GPU this toolkit knows by PCI device ID: which spec decodes it and the name Mesa's tools print
 * for it ("Decoding as: ..." in aubinator).
 *
 * <p>IDs and names are the facts listed in Mesa's {@code include/pci_ids/iris_pci_ids.h} and
 * {@code crocus_pci_ids.h} (which match the Linux kernel's {@code pciids.h} groups): Mesa 22.3.6's
 * lists for gen8 to gen12, Mesa 25.0.7's (Debian trixie) for gen7 and gen7.5 (Ivy Bridge, Bay
 * Trail, Haswell), gen12.5 (DG2, ATS-M, Meteor Lake, Arrow Lake), Xe2 (Lunar Lake, Battlemage) and
 * Xe3 (Panther Lake). Panther Lake's 0xB084-0xB087 and Wildcat Lake (0xFD80, 0xFD81), which that
 * Mesa does not list yet, come from the kernel's list, named as Mesa names their siblings. The
 * gen4 to gen6 devices of {@code crocus_pci_ids.h} are known by name only, so that a capture of
 * one says what it is ({@link #unsupported}).
 *
 * @param pciId the PCI device ID
 * @param platform short platform name ({@code skl}, {@code tgl}, {@code dg2}, ...)
 * @param spec name of the built-in spec that decodes it ({@code gen7} ... {@code gen30})
 * @param name marketing name followed by Mesa's label, e.g. {@code Intel(R) HD Graphics 530 (SKL GT2)}
 */
public record Device(int pciId, String platform, String spec, String name) {

    private static final Map<String, String> SPEC_BY_PLATFORM = Map.ofEntries(
            Map.entry("bdw", "gen8"), Map.entry("chv", "gen8"),
            Map.entry("skl", "gen9"), Map.entry("bxt", "gen9"), Map.entry("glk", "gen9"), Map.entry("kbl", "gen9"),
            Map.entry("aml", "gen9"), Map.entry("cfl", "gen9"), Map.entry("whl", "gen9"), Map.entry("cml", "gen9"),
            Map.entry("icl", "gen11"), Map.entry("ehl", "gen11"), Map.entry("jsl", "gen11"),
            Map.entry("tgl", "gen12"), Map.entry("rkl", "gen12"), Map.entry("adl", "gen12"), Map.entry("rpl", "gen12"),
            Map.entry("dg1", "gen12"), Map.entry("sg1", "gen12"),
            Map.entry("ivb", "gen7"), Map.entry("byt", "gen7"), Map.entry("hsw", "gen75"),
            Map.entry("dg2", "gen125"), Map.entry("atsm", "gen125"), Map.entry("mtl", "gen125"), Map.entry("arl", "gen125"),
            Map.entry("lnl", "gen20"), Map.entry("bmg", "gen20"), Map.entry("ptl", "gen30"), Map.entry("wcl", "gen30"));

    /**
     * Generation names {@code --gen} accepts besides the platforms, oldest first: each spec's own
     * name, the version with a dot, and the Xe names ({@code gen12.7} is Meteor/Arrow Lake's Xe-LPG,
     * which Mesa decodes with the gen12.5 definitions).
     */
    private static final Map<String, String> SPEC_BY_GENERATION = generations(
            "gen7", "gen7", "gen7.5", "gen75", "gen75", "gen75", "gen8", "gen8", "gen9", "gen9", "gen11", "gen11",
            "gen12", "gen12", "xe-lp", "gen12", "gen12.5", "gen125", "gen125", "gen125", "xe-hpg", "gen125",
            "gen12.7", "gen125", "xe-lpg", "gen125", "gen20", "gen20", "xe2", "gen20", "gen30", "gen30", "xe3", "gen30");

    /** Generations Mesa knows and genscope has no spec for, by platform (crocus' gen4 to gen6). */
    private static final Map<String, String> GENERATION_WITHOUT_SPEC = Map.of(
            "i965", "gen4", "g4x", "gen4.5", "ilk", "gen5", "snb", "gen6");

    /**
     * id | platform | label | marketing name, as aubinator names them: Mesa 22.3.6's lists (gen8 to
     * gen12), then Mesa 25.0.7's (gen7, gen7.5, gen12.5, Xe2, Xe3), then the kernel's ids above.
     */
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
            0152|ivb|IVB GT1|Intel(R) HD Graphics 2500
            0162|ivb|IVB GT2|Intel(R) HD Graphics 4000
            0156|ivb|IVB GT1|Intel(R) HD Graphics 2500
            0166|ivb|IVB GT2|Intel(R) HD Graphics 4000
            015a|ivb|IVB GT1|Intel(R) HD Graphics
            016a|ivb|IVB GT2|Intel(R) HD Graphics P4000
            0402|hsw|HSW GT1|Intel(R) HD Graphics
            0412|hsw|HSW GT2|Intel(R) HD Graphics 4600
            0422|hsw|HSW GT3|Intel(R) HD Graphics
            0406|hsw|HSW GT1|Intel(R) HD Graphics
            0416|hsw|HSW GT2|Intel(R) HD Graphics 4600
            0426|hsw|HSW GT3|Intel(R) HD Graphics
            040a|hsw|HSW GT1|Intel(R) HD Graphics
            041a|hsw|HSW GT2|Intel(R) HD Graphics P4600/P4700
            042a|hsw|HSW GT3|Intel(R) HD Graphics
            040b|hsw|HSW GT1|Intel(R) HD Graphics
            041b|hsw|HSW GT2|Intel(R) HD Graphics
            042b|hsw|HSW GT3|Intel(R) HD Graphics
            040e|hsw|HSW GT1|Intel(R) HD Graphics
            041e|hsw|HSW GT2|Intel(R) HD Graphics 4400
            042e|hsw|HSW GT3|Intel(R) HD Graphics
            0c02|hsw|HSW GT1|Intel(R) HD Graphics
            0c12|hsw|HSW GT2|Intel(R) HD Graphics
            0c22|hsw|HSW GT3|Intel(R) HD Graphics
            0c06|hsw|HSW GT1|Intel(R) HD Graphics
            0c16|hsw|HSW GT2|Intel(R) HD Graphics
            0c26|hsw|HSW GT3|Intel(R) HD Graphics
            0c0a|hsw|HSW GT1|Intel(R) HD Graphics
            0c1a|hsw|HSW GT2|Intel(R) HD Graphics
            0c2a|hsw|HSW GT3|Intel(R) HD Graphics
            0c0b|hsw|HSW GT1|Intel(R) HD Graphics
            0c1b|hsw|HSW GT2|Intel(R) HD Graphics
            0c2b|hsw|HSW GT3|Intel(R) HD Graphics
            0c0e|hsw|HSW GT1|Intel(R) HD Graphics
            0c1e|hsw|HSW GT2|Intel(R) HD Graphics
            0c2e|hsw|HSW GT3|Intel(R) HD Graphics
            0a02|hsw|HSW GT1|Intel(R) HD Graphics
            0a12|hsw|HSW GT2|Intel(R) HD Graphics
            0a22|hsw|HSW GT3|Intel(R) HD Graphics
            0a06|hsw|HSW GT1|Intel(R) HD Graphics
            0a16|hsw|HSW GT2|Intel(R) HD Graphics 4400
            0a26|hsw|HSW GT3|Intel(R) HD Graphics 5000
            0a0a|hsw|HSW GT1|Intel(R) HD Graphics
            0a1a|hsw|HSW GT2|Intel(R) HD Graphics
            0a2a|hsw|HSW GT3|Intel(R) HD Graphics
            0a0b|hsw|HSW GT1|Intel(R) HD Graphics
            0a1b|hsw|HSW GT2|Intel(R) HD Graphics
            0a2b|hsw|HSW GT3|Intel(R) HD Graphics
            0a0e|hsw|HSW GT1|Intel(R) HD Graphics
            0a1e|hsw|HSW GT2|Intel(R) HD Graphics 4200
            0a2e|hsw|HSW GT3|Intel(R) Iris(R) Graphics 5100
            0d02|hsw|HSW GT1|Intel(R) HD Graphics
            0d12|hsw|HSW GT2|Intel(R) HD Graphics 4600
            0d22|hsw|HSW GT3|Intel(R) Iris(R) Pro Graphics 5200
            0d06|hsw|HSW GT1|Intel(R) HD Graphics
            0d16|hsw|HSW GT2|Intel(R) HD Graphics
            0d26|hsw|HSW GT3|Intel(R) Iris(R) Pro Graphics P5200
            0d0a|hsw|HSW GT1|Intel(R) HD Graphics
            0d1a|hsw|HSW GT2|Intel(R) HD Graphics
            0d2a|hsw|HSW GT3|Intel(R) HD Graphics
            0d0b|hsw|HSW GT1|Intel(R) HD Graphics
            0d1b|hsw|HSW GT2|Intel(R) HD Graphics
            0d2b|hsw|HSW GT3|Intel(R) HD Graphics
            0d0e|hsw|HSW GT1|Intel(R) HD Graphics
            0d1e|hsw|HSW GT2|Intel(R) HD Graphics
            0d2e|hsw|HSW GT3|Intel(R) HD Graphics
            0f31|byt|BYT|Intel(R) HD Graphics
            0f32|byt|BYT|Intel(R) HD Graphics
            0f33|byt|BYT|Intel(R) HD Graphics
            0157|byt|BYT|Intel(R) HD Graphics
            0155|byt|BYT|Intel(R) HD Graphics
            5690|dg2|DG2|Intel(R) Arc(tm) A770M Graphics
            5691|dg2|DG2|Intel(R) Arc(tm) A730M Graphics
            5692|dg2|DG2|Intel(R) Arc(tm) A550M Graphics
            5693|dg2|DG2|Intel(R) Arc(tm) A370M Graphics
            5694|dg2|DG2|Intel(R) Arc(tm) A350M Graphics
            5695|dg2|DG2|Intel(R) Graphics
            5696|dg2|DG2|Intel(R) Arc(tm) A570M Graphics
            5697|dg2|DG2|Intel(R) Arc(tm) A530M Graphics
            56a0|dg2|DG2|Intel(R) Arc(tm) A770 Graphics
            56a1|dg2|DG2|Intel(R) Arc(tm) A750 Graphics
            56a2|dg2|DG2|Intel(R) Arc(tm) A580 Graphics
            56a3|dg2|DG2|Intel(R) Graphics
            56a4|dg2|DG2|Intel(R) Graphics
            56a5|dg2|DG2|Intel(R) Arc(tm) A380 Graphics
            56a6|dg2|DG2|Intel(R) Arc(tm) A310 Graphics
            56b0|dg2|DG2|Intel(R) Arc(tm) Pro A30M Graphics
            56b1|dg2|DG2|Intel(R) Arc(tm) Pro A40/A50 Graphics
            56b2|dg2|DG2|Intel(R) Arc(tm) Pro A60M Graphics
            56b3|dg2|DG2|Intel(R) Arc(tm) Pro A60 Graphics
            56ba|dg2|DG2|Intel(R) Arc(tm) A380E Graphics
            56bb|dg2|DG2|Intel(R) Arc(tm) A310E Graphics
            56bc|dg2|DG2|Intel(R) Arc(tm) A370E Graphics
            56bd|dg2|DG2|Intel(R) Arc(tm) A350E Graphics
            56be|dg2|DG2|Intel(R) Arc(tm) A750E Graphics
            56bf|dg2|DG2|Intel(R) Arc(tm) A580E Graphics
            56c0|atsm|ATS-M|Intel(R) Data Center GPU Flex 170
            56c1|atsm|ATS-M|Intel(R) Data Center GPU Flex 140
            56c2|atsm|ATS-M|Intel(R) Data Center GPU Flex 170V
            6420|lnl|LNL|Intel(R) Graphics
            64a0|lnl|LNL|Intel(R) Graphics
            64b0|lnl|LNL|Intel(R) Graphics
            7d40|mtl|MTL|Intel(R) Graphics
            7d45|mtl|MTL|Intel(R) Graphics
            7d55|mtl|MTL|Intel(R) Arc(tm) Graphics
            7d60|mtl|MTL|Intel(R) Graphics
            7dd5|mtl|MTL|Intel(R) Graphics
            7d41|arl|ARL|Intel(R) Graphics
            7d51|arl|ARL|Intel(R) Graphics
            7d67|arl|ARL|Intel(R) Graphics
            7dd1|arl|ARL|Intel(R) Graphics
            b640|arl|ARL|Intel(R) Graphics
            e202|bmg|BMG G21|Intel(R) Graphics
            e20b|bmg|BMG G21|Intel(R) Graphics
            e20c|bmg|BMG G21|Intel(R) Graphics
            e20d|bmg|BMG G21|Intel(R) Graphics
            e210|bmg|BMG G21|Intel(R) Graphics
            e211|bmg|BMG G21|Intel(R) Graphics
            e212|bmg|BMG G21|Intel(R) Graphics
            e215|bmg|BMG|Intel(R) Graphics
            e216|bmg|BMG|Intel(R) Graphics
            b080|ptl|PTL|Intel(R) Graphics
            b081|ptl|PTL|Intel(R) Graphics
            b082|ptl|PTL|Intel(R) Graphics
            b083|ptl|PTL|Intel(R) Graphics
            b08f|ptl|PTL|Intel(R) Graphics
            b090|ptl|PTL|Intel(R) Graphics
            b0a0|ptl|PTL|Intel(R) Graphics
            b0b0|ptl|PTL|Intel(R) Graphics
            b084|ptl|PTL|Intel(R) Graphics
            b085|ptl|PTL|Intel(R) Graphics
            b086|ptl|PTL|Intel(R) Graphics
            b087|ptl|PTL|Intel(R) Graphics
            fd80|wcl|WCL|Intel(R) Graphics
            fd81|wcl|WCL|Intel(R) Graphics
            """;

    /** The same for the devices known by name only (Mesa 25.0.7's crocus list, gen4 to gen6). */
    private static final String WITHOUT_SPEC = """
            29a2|i965|BW|Intel(R) 965G
            2992|i965|BW|Intel(R) 965Q
            2982|i965|BW|Intel(R) 965G
            2972|i965|BW|Intel(R) 946GZ
            2a02|i965|CL|Intel(R) 965GM
            2a12|i965|CL|Intel(R) 965GME/GLE
            2a42|g4x|CTG|Mobile Intel® GM45 Express Chipset
            2e02|g4x|ELK|Intel(R) Integrated Graphics Device
            2e12|g4x|ELK|Intel(R) Q45/Q43
            2e22|g4x|ELK|Intel(R) G45/G43
            2e32|g4x|ELK|Intel(R) G41
            2e42|g4x|ELK|Intel(R) B43
            2e92|g4x|ELK|Intel(R) B43
            0042|ilk|ILK|Intel(R) HD Graphics
            0046|ilk|ILK|Intel(R) HD Graphics
            0102|snb|SNB GT1|Intel(R) HD Graphics 2000
            0112|snb|SNB GT2|Intel(R) HD Graphics 3000
            0122|snb|SNB GT2|Intel(R) HD Graphics 3000
            0106|snb|SNB GT1|Intel(R) HD Graphics 2000
            0116|snb|SNB GT2|Intel(R) HD Graphics 3000
            0126|snb|SNB GT2|Intel(R) HD Graphics 3000
            010a|snb|SNB GT1|Intel(R) HD Graphics 2000
            """;

    private static final Map<Integer, Device> BY_ID;
    private static final List<Device> ALL;
    private static final Map<Integer, Device> NAMED_ONLY;

    static {
        List<Device> all = rows(TABLE, SPEC_BY_PLATFORM);
        Map<Integer, Device> byId = new HashMap<>();
        all.forEach(d -> byId.put(d.pciId(), d));
        BY_ID = Map.copyOf(byId);
        ALL = Collections.unmodifiableList(all);
        Map<Integer, Device> named = new HashMap<>();
        rows(WITHOUT_SPEC, Map.of()).forEach(d -> named.put(d.pciId(), d));
        NAMED_ONLY = Map.copyOf(named);
    }

    private static List<Device> rows(String table, Map<String, String> specs) {
        List<Device> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.split("\\|");
            out.add(new Device(Integer.parseInt(f[0], 16), f[1], specs.get(f[1]), f[3] + " (" + f[2] + ")"));
        }
        return out;
    }

    private static Map<String, String> generations(String... nameThenSpec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSpec.length; i += 2) {
            m.put(nameThenSpec[i], nameThenSpec[i + 1]);
        }
        return Collections.unmodifiableMap(m);
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
     * The spec for a {@code --gen} option: a platform short name ({@code hsw}, {@code bdw},
     * {@code skl}, {@code tgl}, {@code dg2}, {@code mtl}, {@code lnl}, {@code bmg}, {@code ptl}, ...),
     * a generation name ({@link #generations()}: {@code gen7.5}, {@code gen12.5}, {@code xe2}, ...)
     * or a bare version ({@code 12.5}); case-insensitive.
     */
    public static Optional<String> specForPlatform(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        String spec = SPEC_BY_PLATFORM.get(n);
        if (spec == null) {
            spec = SPEC_BY_GENERATION.get(n);
        }
        if (spec == null && !n.isEmpty() && Character.isDigit(n.charAt(0))) {
            spec = SPEC_BY_GENERATION.get("gen" + n);
        }
        return Optional.ofNullable(spec);
    }

    /** The platform short names {@link #specForPlatform} accepts, sorted. */
    public static List<String> platforms() {
        return SPEC_BY_PLATFORM.keySet().stream().sorted().toList();
    }

    /** The generation names {@link #specForPlatform} accepts besides the platforms, oldest first. */
    public static List<String> generations() {
        return List.copyOf(SPEC_BY_GENERATION.keySet());
    }

    /**
     * Why a capture naming {@code pciId} cannot be decoded, or empty when it can: names the device
     * when Mesa's lists know it (with its generation when genscope has no spec for that) and lists
     * the generations genscope decodes, e.g. {@code PCI ID 0x0126 is Intel(R) HD Graphics 3000 (SNB
     * GT2), a gen6 device; genscope has no spec for gen6. It decodes gen7 (ivb, byt), gen75 (hsw), ...}.
     */
    public static Optional<String> unsupported(int pciId) {
        if (BY_ID.containsKey(pciId)) {
            return Optional.empty();
        }
        Device d = NAMED_ONLY.get(pciId);
        String id = String.format("PCI ID 0x%04x", pciId);
        if (d == null) {
            return Optional.of(id + " is not a device genscope knows. It decodes " + available() + ".");
        }
        String gen = GENERATION_WITHOUT_SPEC.get(d.platform());
        return Optional.of(id + " is " + d.name() + ", a " + gen + " device; genscope has no spec for " + gen
                + ". It decodes " + available() + ".");
    }

    /** The generations genscope decodes with their platforms, oldest first: {@code gen7 (ivb, byt), gen75 (hsw), ...}. */
    public static String available() {
        Map<String, List<String>> bySpec = new LinkedHashMap<>();
        for (String spec : new LinkedHashSet<>(SPEC_BY_GENERATION.values())) {
            bySpec.put(spec, new ArrayList<>());
        }
        for (Device d : ALL) {
            List<String> platforms = bySpec.get(d.spec());
            if (platforms != null && !platforms.contains(d.platform())) {
                platforms.add(d.platform());
            }
        }
        StringBuilder out = new StringBuilder();
        bySpec.forEach((spec, platforms) -> out.append(out.isEmpty() ? "" : ", ").append(spec)
                .append(" (").append(String.join(", ", platforms)).append(')'));
        return out.toString();
    }
}
