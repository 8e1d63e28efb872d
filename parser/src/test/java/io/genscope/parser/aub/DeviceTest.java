package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.SpecLoader;
import org.junit.jupiter.api.Test;

class DeviceTest {

    @Test
    void namesAsMesaPrintsThem() {
        assertThat(Device.byPciId(0x1912)).contains(new Device(0x1912, "skl", "gen9", "Intel(R) HD Graphics 530 (SKL GT2)"));
        assertThat(Device.byPciId(0x9a49)).contains(new Device(0x9a49, "tgl", "gen12", "Intel(R) Xe Graphics (TGL GT2)"));
        assertThat(Device.byPciId(0x1616)).map(Device::spec).contains("gen8");
        assertThat(Device.byPciId(0x8a52)).map(Device::name).contains("Intel(R) Iris(R) Plus Graphics (ICL GT2)");
        assertThat(Device.byPciId(0x8a52)).map(Device::spec).contains("gen11");
        assertThat(Device.byPciId(0x4c8a)).map(Device::spec).contains("gen12");
        assertThat(Device.byPciId(0x46a6)).map(Device::name).contains("Intel(R) Graphics (ADL GT2)");
        assertThat(Device.byPciId(0x4905)).map(Device::platform).contains("dg1");
        assertThat(Device.byPciId(0x3e92)).map(Device::name).contains("Intel(R) UHD Graphics 630 (CFL GT2)");
        assertThat(Device.byPciId(0x5917)).map(Device::platform).contains("kbl");
        assertThat(Device.byPciId(0x1234)).isEmpty();
    }

    @Test
    void todaysHardwareAsMesa25NamesIt() {
        assertThat(Device.byPciId(0x0166)).contains(new Device(0x0166, "ivb", "gen7", "Intel(R) HD Graphics 4000 (IVB GT2)"));
        assertThat(Device.byPciId(0x0f31)).map(Device::spec).contains("gen7");
        assertThat(Device.byPciId(0x0412)).contains(new Device(0x0412, "hsw", "gen75", "Intel(R) HD Graphics 4600 (HSW GT2)"));
        assertThat(Device.byPciId(0x56a0)).contains(new Device(0x56a0, "dg2", "gen125", "Intel(R) Arc(tm) A770 Graphics (DG2)"));
        assertThat(Device.byPciId(0x56c0)).map(Device::name).contains("Intel(R) Data Center GPU Flex 170 (ATS-M)");
        assertThat(Device.byPciId(0x7d55)).contains(new Device(0x7d55, "mtl", "gen125", "Intel(R) Arc(tm) Graphics (MTL)"));
        assertThat(Device.byPciId(0x7d51)).map(Device::spec).contains("gen125");
        assertThat(Device.byPciId(0x64a0)).contains(new Device(0x64a0, "lnl", "gen20", "Intel(R) Graphics (LNL)"));
        assertThat(Device.byPciId(0xe20b)).contains(new Device(0xe20b, "bmg", "gen20", "Intel(R) Graphics (BMG G21)"));
        assertThat(Device.byPciId(0xb0a0)).contains(new Device(0xb0a0, "ptl", "gen30", "Intel(R) Graphics (PTL)"));
        assertThat(Device.byPciId(0xfd80)).map(Device::spec).contains("gen30");
        assertThat(Device.all()).filteredOn(d -> d.platform().equals("hsw")).hasSize(60);
        assertThat(Device.all()).filteredOn(d -> d.platform().equals("dg2")).hasSize(25);
    }

    @Test
    void anUndecodableDeviceIsNamedWithTheGenerationsAvailable() {
        assertThat(Device.unsupported(0x9a49)).isEmpty();
        assertThat(Device.unsupported(0x0126)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("PCI ID 0x0126 is Intel(R) HD Graphics 3000 (SNB GT2), a gen6 device;")
                .contains("gen7 (ivb, byt), gen75 (hsw), gen8 (bdw, chv)").contains("gen30 (ptl, wcl)"));
        assertThat(Device.byPciId(0x0126)).isEmpty();
        assertThat(Device.unsupported(0x1234)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("PCI ID 0x1234 is not a device genscope knows. It decodes gen7 (ivb, byt), ")
                .contains("gen125 (dg2, atsm, mtl, arl), gen20 (lnl, bmg)"));
    }

    @Test
    void everyDeviceHasASpec() {
        assertThat(Device.all()).hasSizeGreaterThanOrEqualTo(350).allSatisfy(d -> {
            assertThat(d.spec()).isIn(SpecLoader.BUILTIN);
            assertThat(d.name()).startsWith("Intel(R) ").endsWith(")");
        });
        assertThat(Device.all()).extracting(Device::pciId).doesNotHaveDuplicates();
    }

    @Test
    void platformNamesForTheGenOption() {
        assertThat(Device.specForPlatform("bdw")).contains("gen8");
        assertThat(Device.specForPlatform("SKL")).contains("gen9");
        assertThat(Device.specForPlatform("kbl")).contains("gen9");
        assertThat(Device.specForPlatform("cfl")).contains("gen9");
        assertThat(Device.specForPlatform("icl")).contains("gen11");
        assertThat(Device.specForPlatform("tgl")).contains("gen12");
        assertThat(Device.specForPlatform("rkl")).contains("gen12");
        assertThat(Device.specForPlatform("adl")).contains("gen12");
        assertThat(Device.specForPlatform("dg1")).contains("gen12");
        assertThat(Device.specForPlatform("gen11")).contains("gen11");
        assertThat(Device.platforms()).contains("bdw", "skl", "tgl").isSorted();
    }

    @Test
    void platformAndGenerationNamesOfTodaysHardware() {
        String[][] cases = {
            {"ivb", "gen7"}, {"byt", "gen7"}, {"gen7", "gen7"}, {"7", "gen7"},
            {"hsw", "gen75"}, {"gen7.5", "gen75"}, {"gen75", "gen75"}, {"7.5", "gen75"},
            {"dg2", "gen125"}, {"atsm", "gen125"}, {"mtl", "gen125"}, {"arl", "gen125"}, {"gen12.5", "gen125"},
            {"gen125", "gen125"}, {"12.5", "gen125"}, {"gen12.7", "gen125"}, {"xe-hpg", "gen125"},
            {"lnl", "gen20"}, {"bmg", "gen20"}, {"xe2", "gen20"}, {"gen20", "gen20"}, {"XE2", "gen20"},
            {"ptl", "gen30"}, {"wcl", "gen30"}, {"xe3", "gen30"}, {"gen30", "gen30"}, {"gen12", "gen12"},
        };
        for (String[] c : cases) {
            assertThat(Device.specForPlatform(c[0])).as(c[0]).contains(c[1]);
        }
        assertThat(Device.specForPlatform("snb")).isEmpty();
        assertThat(Device.specForPlatform("gen6")).isEmpty();
        assertThat(Device.platforms()).contains("hsw", "ivb", "dg2", "mtl", "arl", "lnl", "bmg", "ptl", "wcl");
        assertThat(Device.generations()).startsWith("gen7", "gen7.5", "gen75").contains("gen12.5", "xe2", "xe3");
        for (String g : SpecLoader.BUILTIN) {
            assertThat(Device.specForPlatform(g)).as(g).contains(g);
            assertThat(Device.all()).as(g).anyMatch(d -> d.spec().equals(g));
        }
    }
}
