package io.genscope.migration;

import io.genscope.migration.state.GraphicsWindows;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.RecordKind;
import io.genscope.migration.stream.SetupInfo;
import io.genscope.migration.stream.StreamFormat;
import io.genscope.migration.stream.StreamWriter;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.ReceiverServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

/** A receiver serving in the background for a test, and hand-made streams to send it. */
final class Receivers implements AutoCloseable {
    final ReceiverServer server;
    final List<Destination.Result> results = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    Receivers(ReceiverServer.Options options) throws IOException {
        this.server = new ReceiverServer(options);
        this.thread = new Thread(() -> {
            try {
                server.serve(0, results::add);
            } catch (IOException e) {
                // closed
            }
        }, "test-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    static Path tls(String name) {
        try {
            return Path.of(Receivers.class.getResource("tls/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (hang guard: the test's timeout) until {@code n} sessions have ended. */
    void awaitResults(int n) throws InterruptedException {
        while (results.size() < n) {
            Thread.sleep(20);
        }
    }

    List<Destination.Result> snapshot() {
        synchronized (results) {
            return new ArrayList<>(results);
        }
    }

    long committed() {
        return snapshot().stream().filter(Destination.Result::committed).count();
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(10_000);
    }

    /** The stream header and a SETUP record for this guest (plus one page per entry of {@code pages}, in round 1). */
    static void setupAndPages(OutputStream out, long memoryBytes, GraphicsWindows w, long... pages) throws IOException {
        StreamWriter sw = new StreamWriter(Channels.newChannel(out), null, null);
        sw.start(new SetupInfo(memoryBytes, w, false, "test"));
        if (pages.length > 0) {
            ByteBuffer page = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
            page.putLong(0, 0x5eed);
            sw.roundBegin(1, Phase.PRECOPY);
            for (long p : pages) {
                sw.page((int) p, page, 0);
            }
        }
        sw.flush();
        out.flush();
    }

    /** A stream header and a SETUP whose window fields are written as given (no checks). */
    static byte[] rawSetup(long memoryBytes, long apertureBase, long apertureSize, long hiddenBase, long hiddenSize) {
        ByteBuffer b = ByteBuffer.allocate(StreamFormat.STREAM_HEADER_BYTES + StreamFormat.RECORD_HEADER_BYTES
                + SetupInfo.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(StreamFormat.header());
        int h = b.position();
        b.putShort((short) RecordKind.SETUP.code()).putShort((short) 0).putInt(SetupInfo.BYTES).putLong(0).putInt(0).putInt(0);
        b.putLong(memoryBytes).putInt(4096).putInt(0).putLong(apertureBase).putLong(apertureSize).putLong(hiddenBase)
                .putLong(hiddenSize).put(new byte[16]);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), h, 20);
        crc.update(b.array(), h + StreamFormat.RECORD_HEADER_BYTES, SetupInfo.BYTES);
        b.putInt(h + 20, (int) crc.getValue());
        return b.array();
    }
}
