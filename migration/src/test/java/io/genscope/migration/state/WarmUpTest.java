package io.genscope.migration.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many SETUPs at once start one restore warm-up, not one thread each. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WarmUpTest {
    @Test
    void oneWarmUpAtATime() {
        GraphicsWindows w = GraphicsWindows.forSize(512L << 20);
        for (int i = 0; i < 200; i++) {
            DeviceImage.warmUpInBackground(w, 1 << 18, 30);
        }
        long running = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("genscope-restore-warmup") && t.isAlive()).count();
        assertThat(running).isLessThanOrEqualTo(1);
    }
}
