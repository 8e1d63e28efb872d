package io.genscope.cli;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValue;
import io.genscope.parser.print.Json;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.eu.EuSpec;
import io.genscope.parser.eu.EuJson;
import io.genscope.parser.eu.EuLine;
import io.genscope.parser.eu.EuProblem;
import io.genscope.repl.model.ReferencedKernels;
import io.genscope.repl.model.ReferencedKernels.Found;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code decode --json}: one JSON object per command (JSON Lines), for scripts.
 *
 * <pre>{"submission":0,"address":"0x1000","engine":"render","space":"GGTT","depth":1,"name":"MI_BATCH_BUFFER_START",
 *  "length":3,"dwords":["0x18800101",...],"fields":[{"name":"DWord Length","value":1,"text":"1"},...],
 *  "addresses":[{"field":"Batch Buffer Start Address","address":"0x...","space":"PPGTT"}]}</pre>
 *
 * Addresses have one canonical form (lower-case hex of the address as the space resolves it: 32
 * bits in the GGTT, 48 in the PPGTT), so a batch start's target equals its first command's
 * address. A field value above 2^53 (which a JavaScript number would round) is a string of its
 * decimal digits. {@code submission} is the submission's index (-1 for a buffer outside any).
 * Problems are objects with a {@code "problem"} key.
 *
 * <p>A command that references shader kernels (where the full decode prints a {@code Referenced
 * ... shader:} heading) also has {@code "kernels"}: per kernel its {@code type}, {@code address}
 * (PPGTT) and what {@code genscope disasm --json} gives for its bytes ({@code gen},
 * {@code instructions}, {@code problems}), each instruction with its stored {@code bytes} (hex
 * pairs, 8 when compacted, else 16) first.
 */
final class DecodeJson implements WalkListener {
    /** The largest integer a double holds exactly. */
    static final long MAX_SAFE = (1L << 53) - 1;

    private final Decoder decoder;
    private final Appendable out;
    private final int submission;
    private final ReferencedKernels kernels;

    /** @param kernels finds the kernels each command references (null: no {@code "kernels"}) */
    DecodeJson(Decoder decoder, Appendable out, int submission, ReferencedKernels kernels) {
        this.decoder = decoder;
        this.out = out;
        this.submission = submission;
        this.kernels = kernels;
    }

    /** The address in its canonical form: {@code "0x..."}, bits beyond the space's width dropped. */
    static String address(long address, AddressSpace space) {
        long a = space == AddressSpace.GGTT ? address & 0xffffffffL : address & ((1L << 48) - 1);
        return "\"0x" + Long.toHexString(a) + "\"";
    }

    /** An unsigned value as a JSON number when a double holds it exactly, else as a string. */
    static String number(long value) {
        return value >= 0 && value <= MAX_SAFE ? Long.toString(value) : "\"" + Long.toUnsignedString(value) + "\"";
    }

    @Override
    public void command(Command c, int depth) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"submission\":").append(submission).append(",\"address\":").append(address(c.address(), c.space()))
                .append(",\"engine\":\"").append(c.engine().specName()).append("\",\"space\":\"").append(c.space())
                .append("\",\"depth\":").append(depth).append(",\"name\":");
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
            sb.append(",\"value\":").append(number(f.value())).append(",\"text\":");
            Json.string(sb, f.text());
            sb.append('}');
        }
        sb.append("],\"addresses\":[");
        first = true;
        for (AddressRef a : decoder.addresses(c)) {
            sb.append(first ? "{\"field\":" : ",{\"field\":");
            first = false;
            Json.string(sb, a.field());
            sb.append(",\"address\":").append(address(a.address(), a.space())).append(",\"space\":\"")
                    .append(a.space()).append("\"}");
        }
        sb.append(']');
        List<Found> found = kernels == null ? List.of() : kernels.command(c, depth);
        if (!found.isEmpty()) {
            sb.append(",\"kernels\":[");
            for (int i = 0; i < found.size(); i++) {
                kernel(sb.append(i == 0 ? "" : ","), found.get(i));
            }
            sb.append(']');
        }
        line(sb.append('}'));
    }

    /**
     * One kernel: its type and address, then {@link EuJson}'s document for its listing (made one
     * line), each instruction object given its stored bytes first.
     */
    private void kernel(StringBuilder sb, Found k) {
        sb.append("{\"type\":");
        Json.string(sb, k.type());
        sb.append(",\"address\":").append(address(k.address(), AddressSpace.PPGTT)).append(',');
        EuSpec eu = kernels.euSpec();
        if (eu == null) {
            sb.append("\"gen\":null,\"instructions\":[],\"problems\":[");
            for (int i = 0; i < k.listing().problems().size(); i++) {
                EuProblem p = k.listing().problems().get(i);
                sb.append(i == 0 ? "{\"offset\":" : ",{\"offset\":").append(p.offset()).append(",\"message\":");
                Json.string(sb, p.message());
                sb.append('}');
            }
            sb.append("]}");
            return;
        }
        // EuJson puts each instruction object on a line of its own; strings never hold a raw newline
        String[] parts = EuJson.of(eu, k.listing()).strip().split("\n\\{", -1);
        sb.append(parts[0], 1, parts[0].length());
        List<EuLine> lines = k.listing().lines();
        for (int i = 1; i < parts.length; i++) {
            EuLine l = lines.get(i - 1);
            sb.append("{\"bytes\":\"");
            byte[] b = k.instructionBytes(l.offset(), l.compacted());
            for (int j = 0; j < b.length; j++) {
                sb.append(j == 0 ? "" : " ").append(Character.forDigit((b[j] >> 4) & 15, 16))
                        .append(Character.forDigit(b[j] & 15, 16));
            }
            sb.append("\",").append(parts[i]);
        }
    }

    @Override
    public void problem(Problem p) {
        StringBuilder sb = new StringBuilder("{\"submission\":").append(submission).append(",\"problem\":\"")
                .append(p.kind()).append("\",")
                .append(p.kind().isAddress() ? "\"address\":\"0x" + Long.toHexString(p.offset()) + "\"" : "\"offset\":"
                        + number(p.offset()))
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
