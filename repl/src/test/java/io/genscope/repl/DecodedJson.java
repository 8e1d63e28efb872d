package io.genscope.repl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code genscope decode --json} output read back, one record per command: the independent view
 * the shell's answers are checked against.
 */
record DecodedJson(int index, long address, String space, int depth, String name, int[] dwords,
        Map<String, List<Long>> fields, List<Ref> addresses) {

    record Ref(String field, long address, String space) {
    }

    private static final Pattern HEAD = Pattern.compile(
            "^\\{\"submission\":-?\\d+,\"address\":\"0x([0-9a-f]+)\",\"engine\":\"\\w+\",\"space\":\"(\\w+)\",\"depth\":(\\d+),\"name\":\"([^\"]*)\"");
    private static final Pattern DWORDS = Pattern.compile("\"dwords\":\\[([^\\]]*)\\]");
    private static final Pattern FIELD = Pattern.compile("\\{\"name\":\"((?:[^\"\\\\]|\\\\.)*)\",\"value\":\"?(\\d+)\"?,");
    private static final Pattern REF = Pattern.compile("\\{\"field\":\"([^\"]*)\",\"address\":\"0x([0-9a-f]+)\",\"space\":\"(\\w+)\"\\}");

    private static final Map<String, List<DecodedJson>> DONE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every command {@code genscope decode --json} prints for a capture, in order (decoded once per run). */
    static List<DecodedJson> of(Path capture, String... options) {
        return DONE.computeIfAbsent(capture + " " + String.join(" ", options), k -> decode(capture, options));
    }

    private static List<DecodedJson> decode(Path capture, String... options) {
        List<String> args = new ArrayList<>(List.of("decode", "--json"));
        args.addAll(List.of(options));
        args.add(capture.toString());
        List<DecodedJson> out = new ArrayList<>();
        for (String line : ShellHarness.genscope(args.toArray(String[]::new)).lines()) {
            Matcher h = HEAD.matcher(line);
            if (!h.find()) {
                continue; // problems
            }
            Matcher d = DWORDS.matcher(line);
            d.find();
            String[] hex = d.group(1).isEmpty() ? new String[0] : d.group(1).replace("\"", "").split(",");
            int[] dwords = new int[hex.length];
            for (int i = 0; i < hex.length; i++) {
                dwords[i] = (int) Long.parseLong(hex[i].substring(2), 16);
            }
            int fieldsAt = line.indexOf("\"fields\":[");
            int addressesAt = line.indexOf("\"addresses\":[");
            Map<String, List<Long>> fields = new HashMap<>();
            Matcher f = FIELD.matcher(line.substring(fieldsAt, addressesAt));
            while (f.find()) {
                fields.computeIfAbsent(f.group(1), k -> new ArrayList<>()).add(Long.parseUnsignedLong(f.group(2)));
            }
            List<Ref> refs = new ArrayList<>();
            Matcher r = REF.matcher(line.substring(addressesAt));
            while (r.find()) {
                refs.add(new Ref(r.group(1), Long.parseUnsignedLong(r.group(2), 16), r.group(3)));
            }
            out.add(new DecodedJson(out.size(), Long.parseUnsignedLong(h.group(1), 16), h.group(2),
                    Integer.parseInt(h.group(3)), h.group(4), dwords, fields, refs));
        }
        return out;
    }
}
