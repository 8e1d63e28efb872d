package io.genscope.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Capture#problems()} holds every execution's walk problems, not only the file's own. */
class CaptureProblemsTest {
    private static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));

    @Test
    void aCaptureWithAnUnmappedBatchIsNotClean() throws Exception {
        Capture cap = Capture.read(FIXTURES.resolve("captures/vaapi-iHD-hevcdec-skl.aub.xz"));
        List<Problem> walked = new ArrayList<>();
        cap.executions().forEach(e -> walked.addAll(e.decoded().problems()));
        assertThat(walked).extracting(Problem::kind).contains(Problem.Kind.UNMAPPED);
        assertThat(cap.problems()).containsAll(walked);
    }

    @Test
    void streamingReportsTheSameProblemsAsReading() throws Exception {
        Path file = FIXTURES.resolve("captures/vaapi-iHD-hevcdec-skl.aub.xz");
        Capture streamed = Capture.stream(file, null, e -> {
        });
        assertThat(streamed.problems()).isEqualTo(Capture.read(file).problems());
    }
}
