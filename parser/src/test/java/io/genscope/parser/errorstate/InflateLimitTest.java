package io.genscope.parser.errorstate;

import static io.genscope.parser.errorstate.ErrorStateParserTest.compressed;
import static io.genscope.parser.errorstate.ErrorStateParserTest.modern;
import static io.genscope.parser.errorstate.ErrorStateParserTest.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.InflateLimits;
import io.genscope.parser.capture.Problem;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A compressed payload that inflates past {@link InflateLimits} is cut there, with a problem. */
class InflateLimitTest {
    private static final int[] RING = {0x11000001, 0x2000, 0x05000000, 0};

    @Test
    void defaultsStayFarAboveRealBuffers() {
        InflateLimits d = InflateLimits.current();
        assertThat(d.perFile()).isEqualTo(4L << 30);
        assertThat(d.perBuffer()).isEqualTo(64L << 20);
        assertThat(d.perErrorState()).isEqualTo(1L << 30);
        assertThat(InflateLimits.of(8L << 30).perBuffer()).isEqualTo(128L << 20);
        assertThat(InflateLimits.of(1 << 20)).isEqualTo(new InflateLimits(1 << 20, 1 << 20, 1 << 20));
        assertThat(InflateLimits.parseSize("64M")).isEqualTo(64L << 20);
        assertThat(InflateLimits.parseSize("4GiB")).isEqualTo(4L << 30);
        assertThat(InflateLimits.parseSize("4096")).isEqualTo(4096);
        assertThat(InflateLimits.format(64L << 20)).isEqualTo("64M");
    }

    @Test
    @Timeout(30)
    void aBufferInflatingPastTheLimitIsCutWithAProblem() {
        String bomb = compressed(new int[2 << 20]); // 8 MiB of zeros, about 8 KiB of zlib
        String text = modern(raw(RING), bomb);
        ErrorState s = withLimit("1M", () -> ErrorStateParser.parse(text.getBytes(StandardCharsets.ISO_8859_1)));
        int line16 = text.indexOf(bomb);
        assertThat(s.problems()).first().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.CORRUPT);
            assertThat(p.offset()).isEqualTo(line16);
            assertThat(p.message()).startsWith("line 16: the payload of 'rcs0 --- batch' inflates to more than 1M"
                    + " bytes, the limit per buffer; keeping the first 1M");
        });
        // under so low a limit the batch spent the whole file's share: the context after it is cut too
        assertThat(s.problems()).last().satisfies(p -> assertThat(p.message())
                .contains("'rcs0 --- HW context' inflates to more than 0 bytes, the limit left for this file (1M in all)"));
        assertThat(s.buffers().get(0).dwords()).containsExactly(RING);
        assertThat(s.buffers().get(1).dwords()).hasSize(1 << 18);
        assertThat(s.engines()).singleElement().satisfies(e -> assertThat(e.head()).isEqualTo(0x00600008));
    }

    @Test
    @Timeout(30)
    void buffersTogetherStopAtTheLimitPerFile() {
        String half = compressed(new int[3 << 16]); // 768 KiB each
        String text = modern(half, half);
        ErrorState s = withLimit("1M", () -> ErrorStateParser.parse(text.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(s.problems()).first().satisfies(p ->
                assertThat(p.message()).startsWith("line 16: the payload of 'rcs0 --- batch' inflates to more than"
                        + " 256K bytes, the limit left for this file (1M in all)"));
        assertThat(s.buffers().get(0).dwords()).hasSize(3 << 16);
        assertThat(s.buffers().get(1).dwords()).hasSize(1 << 16);
    }

    @Test
    void realBuffersPassUnderTheDefaults() {
        ErrorState s = ErrorStateParser.parse(modern(compressed(RING), compressed(new int[1 << 16]))
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(s.problems()).isEmpty();
    }

    static <T> T withLimit(String size, Supplier<T> body) {
        String old = System.getProperty(InflateLimits.PROPERTY);
        System.setProperty(InflateLimits.PROPERTY, size);
        try {
            return body.get();
        } finally {
            if (old == null) {
                System.clearProperty(InflateLimits.PROPERTY);
            } else {
                System.setProperty(InflateLimits.PROPERTY, old);
            }
        }
    }
}
