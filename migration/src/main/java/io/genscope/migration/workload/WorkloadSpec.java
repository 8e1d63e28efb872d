package io.genscope.migration.workload;

import io.genscope.migration.workload.capture.CaptureSpec;
import io.genscope.migration.workload.capture.CaptureWorkload;
import java.io.IOException;

/** A parsed {@code --workload}: synthetic or capture-driven; builds a fresh workload each time. */
public sealed interface WorkloadSpec {
    /** The text form with every parameter. */
    String describe();

    /** Builds the vGPU and its workload (not started). */
    Workload create() throws IOException;

    /** {@code synthetic[:...]} or {@code capture:FILE[,...]}. */
    static WorkloadSpec parse(String text) {
        if (CaptureSpec.matches(text)) {
            return new Capture(CaptureSpec.parse(text));
        }
        return new Synthetic(SyntheticSpec.parse(text));
    }

    /** The synthetic workload. */
    record Synthetic(SyntheticSpec spec) implements WorkloadSpec {
        public String describe() {
            return spec.describe();
        }

        public Workload create() {
            return SyntheticWorkload.create(spec);
        }
    }

    /** A capture replayed. */
    record Capture(CaptureSpec spec) implements WorkloadSpec {
        public String describe() {
            return spec.describe();
        }

        public Workload create() throws IOException {
            return CaptureWorkload.create(spec);
        }
    }
}
