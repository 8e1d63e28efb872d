package io.genscope.repl.model;

import io.genscope.migration.xe.XeVfCapture;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.capture.Submission;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads an opened capture's file again, up to one item, to see GPU memory as it was when that item
 * was submitted. Readers stream (an AUB reader goes through hundreds of MB in tens of
 * milliseconds) and memory is valid only while the reader's listener runs, so the visitor does its
 * work inside the call; the read then stops.
 */
public final class CaptureReplay {
    private CaptureReplay() {
    }

    /** Receives items in capture order with memory as it is at that moment (valid during the call). */
    @FunctionalInterface
    public interface Visitor {
        void visit(Item item, GpuMemory memory);
    }

    /** Stops the reader once the last wanted item was visited. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("stop", null, false, false);
        }
    }

    /**
     * Visits items {@code from..last} (inclusive) of {@code capture}; the read stops after {@code last}.
     *
     * @throws Cancelled when {@code cancel} fires
     * @throws UncheckedIOException when the file can no longer be read
     */
    public static void replay(LoadedCapture capture, int from, int last, CancelToken cancel, Visitor visitor) {
        if (last < from || last >= capture.items().size()) {
            return;
        }
        int[] next = {0};
        CaptureListener listener = new CaptureListener() {
            @Override
            public void submission(Submission s, GpuMemory memory, long acthd) {
                item(memory);
            }

            @Override
            public void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory) {
                item(memory);
            }

            private void item(GpuMemory memory) {
                cancel.check();
                int index = next[0]++;
                if (index >= from && index < capture.items().size()) {
                    visitor.visit(capture.item(index), memory);
                }
                if (index >= last) {
                    throw new Stop();
                }
            }
        };
        try {
            if (XeVfCapture.FORMAT.equals(capture.format())) {
                capture.attachment(XeVfFormat.class, () -> new XeVfFormat(null, java.util.OptionalLong.empty()))
                        .read(capture.readable(), listener);
            } else {
                Captures.read(capture.readable(), listener);
            }
        } catch (Stop done) {
            // read as far as needed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
