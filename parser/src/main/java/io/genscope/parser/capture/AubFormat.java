package io.genscope.parser.capture;

import io.genscope.parser.aub.AubHeader;
import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.memory.ContextMemory;
import java.io.IOException;
import java.nio.file.Path;

/** AUB files (Mesa and NEO dialects), as a {@link CaptureFormat}. */
public final class AubFormat implements CaptureFormat {
    @Override
    public String name() {
        return "aub";
    }

    @Override
    public boolean accepts(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        int dw0 = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
        return (dw0 >>> 29) == 7;
    }

    @Override
    public void read(Path file, CaptureListener listener) throws IOException {
        new AubReader().read(file, new AubListener() {
            @Override
            public void header(AubHeader h) {
                listener.info(new CaptureInfo("aub", h.pciId(), h.specName(), h.deviceName(), h.applicationName()));
            }

            @Override
            public void comment(long fileOffset, String text) {
                listener.comment(fileOffset, text);
            }

            @Override
            public void submission(Submission s, ContextMemory memoryNow) {
                listener.submission(s, memoryNow, -1);
            }

            @Override
            public void note(long fileOffset, String text) {
                listener.note(fileOffset, text);
            }

            @Override
            public void problem(Problem p) {
                listener.problem(p);
            }
        });
    }
}
