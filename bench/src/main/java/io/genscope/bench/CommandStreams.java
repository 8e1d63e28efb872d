package io.genscope.bench;

import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real command dwords for benchmarks: every command a capture's submissions execute (batch starts
 * and ends left out so the stream decodes linearly), repeated to the requested size.
 */
final class CommandStreams {
    private CommandStreams() {
    }

    static int[] load(Path capture, Spec spec, int minDwords) throws IOException {
        List<int[]> commands = new ArrayList<>();
        Decoder decoder = new Decoder(spec);
        new AubReader().read(capture, new AubListener() {
            @Override
            public void submission(Submission s, ContextMemory mem) {
                new CommandWalker(decoder, mem, s.engine(), (Command c, int depth) -> {
                    if (c.known() && !c.truncated() && !c.name().startsWith("MI_BATCH_BUFFER")) {
                        commands.add(c.dwords());
                    }
                }).walkRing(s);
            }
        });
        int once = commands.stream().mapToInt(a -> a.length).sum();
        if (once == 0) {
            throw new IllegalStateException("no commands in " + capture);
        }
        int[] out = new int[((minDwords + once - 1) / once) * once];
        int i = 0;
        while (i < out.length) {
            for (int[] c : commands) {
                System.arraycopy(c, 0, out, i, c.length);
                i += c.length;
            }
        }
        return out;
    }

    static Engine engine() {
        return Engine.RENDER;
    }
}
