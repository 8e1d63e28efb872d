package io.genscope.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowMapTest {
    /** Guest: aperture [0, 512M), hidden [512M, 1.5G); host: aperture at 1G, hidden at 2G. */
    private final WindowMap map = WindowMap.of(new Window(0, 512L << 20), new Window(512L << 20, 1L << 30),
            1L << 30, 2L << 30);

    @Test
    void translatesEachWindowByItsOwnDelta() {
        assertThat(map.g2h(0)).isEqualTo(0x4000_0000L);
        assertThat(map.g2h(0x1fff_fffcL)).isEqualTo(0x5fff_fffcL);
        assertThat(map.g2h(0x2000_0000L)).isEqualTo(0x8000_0000L);
        assertThat(map.g2h(0x5fff_f000L)).isEqualTo(0xbfff_f000L);
        assertThat(map.g2h(0x6000_0000L)).isEqualTo(WindowMap.OUTSIDE);
        assertThat(map.g2h(-1)).isEqualTo(WindowMap.OUTSIDE);
        assertThat(map.delta(0x100)).isEqualTo(0x4000_0000L);
        assertThat(map.delta(0x2000_0100L)).isEqualTo(0x6000_0000L);
        assertThat(map.delta(0x7000_0000L)).isZero();
    }

    @Test
    void h2gIsTheInverseAndInverseSwapsSides() {
        for (long g : new long[] {0, 0x1234, 0x1fff_ffffL, 0x2000_0000L, 0x5fff_ffffL}) {
            assertThat(map.h2g(map.g2h(g))).isEqualTo(g);
            assertThat(map.inverse().g2h(map.g2h(g))).isEqualTo(g);
        }
        assertThat(map.h2g(0x1000)).isEqualTo(WindowMap.OUTSIDE);
        assertThat(map.inverse().inverse().toString()).isEqualTo(map.toString());
    }

    @Test
    void ggttIndicesMoveWithTheirPages() {
        assertThat(map.indexG2h(0)).isEqualTo(0x40000);
        assertThat(map.indexG2h(0x20001)).isEqualTo(0x80001);
        assertThat(map.indexG2h(0x60000)).isEqualTo(WindowMap.OUTSIDE);
        assertThat(map.indexH2g(0x80001)).isEqualTo(0x20001);
        assertThat(map.indexG2h(-5)).isEqualTo(WindowMap.OUTSIDE);
    }

    @Test
    void rangesMoveOnlyWhenInsideOneWindow() {
        assertThat(map.containsRange(0x1fff_f000L, 0x1000)).isTrue();
        // the guest windows touch, the host ones do not: a range across the seam cannot move as one piece
        assertThat(map.containsRange(0x1fff_f000L, 0x2000)).isFalse();
        assertThat(map.containsRange(0x2000_0000L, 0x4000_0000L)).isTrue();
        assertThat(map.containsRange(0x2000_0000L, 0x4000_1000L)).isFalse();
        assertThat(map.containsRange(0x5fff_f000L, 0x2000)).isFalse();
    }

    @Test
    void overlappingOrMisalignedWindowsAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> WindowMap.of(new Window(0, 512L << 20), new Window(256L << 20, 1L << 30), 1L << 30,
                4L << 30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("guest aperture [0x0, 0x20000000) and guest hidden window [0x10000000, 0x50000000) overlap");
        assertThatThrownBy(() -> WindowMap.of(new Window(0, 512L << 20), new Window(512L << 20, 1L << 30), 1L << 30,
                (1L << 30) + (256L << 20))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host aperture [0x40000000, 0x60000000) and host hidden window");
        assertThatThrownBy(() -> WindowMap.of(new Window(0x800, 512L << 20), new Window(1L << 30, 4096), 0, 4L << 30))
                .hasMessageContaining("guest aperture [0x800, 0x20000800) is not aligned to 4 KiB");
        assertThatThrownBy(() -> WindowMap.of(new Window(0, 4096), new Window(8192, 4096), 0x10000, 0x20001))
                .hasMessageContaining("host hidden window").hasMessageContaining("not aligned");
        assertThatThrownBy(() -> WindowMap.of(new Window(0, 0), new Window(8192, 4096), 0x10000, 0x20000))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> WindowMap.of(new Window(0, 8192), new Window(8192, 4096), 0xffff_ffff_f000L, 0))
                .hasMessageContaining("host aperture").hasMessageContaining("reaches past the 48-bit address space");
        assertThat(WindowMap.of(new Window(0, 4096), new Window(8192, 4096), 0xffff_ffff_f000L, 0).g2h(0xff8))
                .isEqualTo(0xffff_ffff_fff8L);
    }

    @Test
    void numbersAcceptHexDecimalAndSizeSuffixes() {
        assertThat(Numbers.parse("0x20000000")).isEqualTo(Numbers.parse("512M")).isEqualTo(536870912L);
        assertThat(Numbers.parse("4k")).isEqualTo(4096);
        assertThat(Numbers.parse("1G")).isEqualTo(1L << 30);
        assertThat(Numbers.parse("0x1_0000")).isEqualTo(0x10000);
        assertThat(Numbers.window("0:512M")).isEqualTo(new Window(0, 512L << 20));
        assertThat(Numbers.window("0x40000000:0x40000000")).isEqualTo(new Window(1L << 30, 1L << 30));
        assertThatThrownBy(() -> Numbers.parse("12Q")).hasMessageContaining("not a number: '12Q'");
        assertThatThrownBy(() -> Numbers.window("0x1000")).hasMessageContaining("BASE:SIZE");
        assertThatThrownBy(() -> Numbers.parse("-4")).hasMessageContaining("out of range");
    }
}
