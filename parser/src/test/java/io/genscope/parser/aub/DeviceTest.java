package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

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
    void everyDeviceHasASpec() {
        assertThat(Device.all()).hasSizeGreaterThan(150).allSatisfy(d -> {
            assertThat(d.spec()).isIn("gen8", "gen9", "gen11", "gen12");
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
        assertThat(Device.specForPlatform("hsw")).isEmpty();
        assertThat(Device.platforms()).contains("bdw", "skl", "tgl").isSorted();
    }
}
