package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** A shell driven line by line, each line's output and outcome kept apart (for tests). */
final class Session implements AutoCloseable {
    final Shell shell = new Shell();

    /** Runs a line that must succeed and returns what it printed. */
    List<String> run(String line) {
        List<String> out = new ArrayList<>();
        Shell.Outcome o = shell.execute(line, out::add);
        assertThat(o.status()).as("'%s' failed: %s", line, o.message()).isEqualTo(Shell.Status.OK);
        return out;
    }

    /** Runs a line that must fail and returns the message. */
    String fail(String line) {
        List<String> out = new ArrayList<>();
        Shell.Outcome o = shell.execute(line, out::add);
        assertThat(o.status()).as("'%s' should fail; printed %s", line, out).isEqualTo(Shell.Status.FAILED);
        return o.message();
    }

    @Override
    public void close() {
        shell.close();
    }
}
