package io.genscope.parser.print;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValue;
import io.genscope.parser.walk.WalkListener;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One JSON object per line for each walked command (JSON Lines), for scripts:
 *
 * <pre>{"address":"0x1000","engine":"render","depth":1,"name":"MI_BATCH_BUFFER_START","length":3,
 *  "dwords":["0x18800101",...],"fields":[{"name":"DWord Length","value":1,"text":"1"},...],
 *  "addresses":[{"field":"Batch Buffer Start Address","address":"0x...","space":"PPGTT"}]}</pre>
 *
 * Problems are objects with a {@code "problem"} key.
 */
public final class JsonPrinter implements WalkListener {
    private final Decoder decoder;
    private final Appendable out;

    public JsonPrinter(Decoder decoder, Appendable out) {
        this.decoder = decoder;
        this.out = out;
    }

    @Override
    public void command(Command c, int depth) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"address\":\"0x").append(Long.toHexString(c.address())).append("\",\"engine\":\"")
                .append(c.engine().specName()).append("\",\"space\":\"").append(c.space()).append("\",\"depth\":")
                .append(depth).append(",\"name\":");
        Json.string(sb, c.name());
        sb.append(",\"length\":").append(c.length()).append(",\"dwords\":[");
        int[] p = c.dwords();
        for (int i = 0; i < p.length; i++) {
            sb.append(i == 0 ? "\"0x" : ",\"0x").append(Integer.toHexString(p[i])).append('"');
        }
        sb.append("],\"fields\":[");
        boolean first = true;
        for (FieldValue f : decoder.fields(c)) {
            if (f.header()) {
                continue;
            }
            sb.append(first ? "{\"name\":" : ",{\"name\":");
            first = false;
            Json.string(sb, f.name());
            sb.append(",\"value\":").append(Long.toUnsignedString(f.value())).append(",\"text\":");
            Json.string(sb, f.text());
            sb.append('}');
        }
        sb.append("],\"addresses\":[");
        first = true;
        for (AddressRef a : decoder.addresses(c)) {
            sb.append(first ? "{\"field\":" : ",{\"field\":");
            first = false;
            Json.string(sb, a.field());
            sb.append(",\"address\":\"0x").append(Long.toHexString(a.address())).append("\",\"space\":\"")
                    .append(a.space()).append("\"}");
        }
        sb.append("]}");
        line(sb);
    }

    @Override
    public void problem(Problem p) {
        StringBuilder sb = new StringBuilder("{\"problem\":\"").append(p.kind()).append("\",\"")
                .append(p.kind().isAddress() ? "address\":\"0x" + Long.toHexString(p.offset()) + "\"" : "offset\":" + p.offset())
                .append(",\"message\":");
        Json.string(sb, p.message());
        line(sb.append('}'));
    }

    private void line(CharSequence s) {
        try {
            out.append(s).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
