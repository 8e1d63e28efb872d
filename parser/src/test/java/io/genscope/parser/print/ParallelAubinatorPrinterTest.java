package io.genscope.parser.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.state.StateBases;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Printing a walk in chunks on several threads gives the sequential printer's bytes, whatever the chunk size. */
class ParallelAubinatorPrinterTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    @ParameterizedTest
    @CsvSource({"iris-tgl,gen12,2,64", "iris-skl,gen9,3,1", "iris-bdw,gen8,2,500", "iris2-dg2,gen125,4,37",
            "anv-chain-tgl,gen12,2,8192"})
    void chunksPrintedInParallelAreTheSequentialOutput(String capture, String gen, int threads, int chunk)
            throws Exception {
        Path file = Path.of(System.getProperty("genscope.fixtures", "../fixtures"), "captures", capture + ".aub.xz");
        Assumptions.assumeTrue(Files.exists(file), file + " is not there");
        Spec spec = SpecLoader.builtin(gen);
        Decoder decoder = new Decoder(spec);
        ByteArrayOutputStream sequential = new ByteArrayOutputStream();
        ByteArrayOutputStream parallel = new ByteArrayOutputStream();
        ByteOut seqOut = new ByteOut(sequential, 1 << 12);
        ByteOut parOut = new ByteOut(parallel, 1 << 12);
        StateBases seqBases = new StateBases();
        StateBases parBases = new StateBases();
        new AubReader().read(file, new AubListener() {
            @Override
            public void submission(Submission s, ContextMemory mem) {
                new CommandWalker(decoder, mem, s.engine(), new AubinatorPrinter(spec, seqOut, true, mem, seqBases))
                        .walkRing(s);
                ParallelAubinatorPrinter p = new ParallelAubinatorPrinter(spec, parOut, true, mem, parBases, POOL, threads)
                        .chunkDwords(chunk);
                new CommandWalker(decoder, mem, s.engine(), p).walkRing(s);
                p.finish();
            }
        });
        seqOut.flush();
        parOut.flush();
        assertThat(sequential.size()).isGreaterThan(1000);
        assertThat(parallel.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(sequential.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(parBases.toString()).isEqualTo(seqBases.toString());
    }
}
