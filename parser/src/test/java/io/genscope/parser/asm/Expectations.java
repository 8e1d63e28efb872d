package io.genscope.parser.asm;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValue;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.antlr.GenAsmLexer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Checks the {@code # expect:} lines of a GenAsm listing, in the manner of Error Prone's test
 * helper: the listing is assembled, its first section is walked as a batch buffer (starts are
 * followed through all sections), and each expectation is checked against the command at the
 * statement it concerns — the command on the same line, else the next command or {@code .dword}
 * statement below it.
 *
 * <pre>
 * # expect: PIPE_CONTROL "Post Sync Operation: 1 (Write Immediate Data)" ggtt "Address"=0x2000
 * PIPE_CONTROL "Post Sync Operation"="Write Immediate Data" "Destination Address Type"="GGTT" "Address"=0x2000
 * </pre>
 *
 * Items of an expectation:
 * <pre>
 * NAME                 the command decodes as NAME ({@code unknown}: no command matches)
 * "Field: text"        the decoder prints this field so (name and text as in aubinator's layout)
 * ggtt "Field"=0x...   the decoder reports this address, in this space (ppgtt likewise)
 * no-address "Field"   the decoder reports no address for this field
 * length=N             the command is N dwords long
 * depth=N              the walk reaches it at batch depth N (1: the first buffer)
 * problem=KIND         the walk reports a problem of this kind at it (UNKNOWN_COMMAND, LOOP, ...)
 * unreached            the walk never reaches it
 * </pre>
 */
final class Expectations {
    private static final Pattern ITEM = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|[^\\s=\"]+|=");

    private Expectations() {
    }

    /** Every failed expectation as {@code file:line: message}; empty when all hold. */
    static List<String> check(String file, String text) {
        List<String> failures = new ArrayList<>();
        Program program;
        try {
            program = new Assembler().assemble(file, text);
        } catch (AsmException e) {
            failures.add(e.getMessage());
            return failures;
        }
        if (program.sections().isEmpty()) {
            failures.add(file + ":1: nothing assembled");
            return failures;
        }
        Walk walk = walk(program);
        GenAsmLexer lexer = new GenAsmLexer(CharStreams.fromString(text, file));
        for (Token t : lexer.getAllTokens()) {
            if (t.getType() != GenAsmLexer.COMMENT) {
                continue;
            }
            String body = t.getText().substring(1).trim();
            if (!body.startsWith("expect:")) {
                continue;
            }
            String where = file + ":" + t.getLine() + ": ";
            Placement target = target(program, t.getLine(), t.getCharPositionInLine() + 1);
            if (target == null) {
                failures.add(where + "no command or .dword statement for this expectation");
                continue;
            }
            checkOne(where, body.substring("expect:".length()).trim(), program, target, walk, failures);
        }
        return failures;
    }

    /** The statement an expectation on this line concerns. */
    private static Placement target(Program program, int line, int column) {
        for (Placement p : program.placements()) {
            if (p.line() == line && p.column() < column) {
                return p;
            }
        }
        for (Placement p : program.placements()) {
            if (p.line() > line) {
                return p;
            }
        }
        return null;
    }

    /** What the walk saw: the first visit of each address, its depth, and problems by address. */
    private record Walk(Decoder decoder, Map<Long, Command> commands, Map<Long, Integer> depths,
            Map<Long, List<Problem>> problems) {
    }

    private static Walk walk(Program program) {
        Section first = program.sections().get(0);
        Decoder decoder = new Decoder(first.spec());
        Map<Long, Command> commands = new HashMap<>();
        Map<Long, Integer> depths = new HashMap<>();
        Map<Long, List<Problem>> problems = new HashMap<>();
        WalkListener listener = new WalkListener() {
            @Override
            public void command(Command c, int depth) {
                commands.putIfAbsent(key(c.space(), c.address()), c);
                depths.putIfAbsent(key(c.space(), c.address()), depth);
            }

            @Override
            public void problem(Problem p) {
                problems.computeIfAbsent(p.offset(), k -> new ArrayList<>()).add(p);
            }
        };
        new CommandWalker(decoder, program.memory(), first.engine(), listener)
                .walkDwords(first.dwords(), first.address(), first.space(), false);
        return new Walk(decoder, commands, depths, problems);
    }

    private static long key(AddressSpace space, long address) {
        return (address & 0xffff_ffff_ffffL) | (space == AddressSpace.PPGTT ? 1L << 62 : 0);
    }

    private static void checkOne(String where, String expectation, Program program, Placement target, Walk walk,
            List<String> failures) {
        List<String> items = new ArrayList<>();
        Matcher m = ITEM.matcher(expectation);
        while (m.find()) {
            items.add(m.group(1) != null ? "\"" + m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : m.group());
        }
        AddressSpace space = program.sections().get(target.section()).space();
        long k = key(space, target.address());
        Command c = walk.commands().get(k);
        String at = target.name() + " (line " + target.line() + ")";
        if (items.contains("unreached")) {
            if (c != null) {
                failures.add(where + "expected " + at + " not to be reached, but the walk reached it at depth "
                        + walk.depths().get(k));
            }
            return;
        }
        if (c == null) {
            failures.add(where + "the walk never reached " + at);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            String next = i + 1 < items.size() ? items.get(i + 1) : null;
            if (item.equals("ggtt") || item.equals("ppgtt")) {
                // ggtt "Field" = 0x...
                if (i + 3 >= items.size() || !items.get(i + 2).equals("=")) {
                    failures.add(where + "write an address expectation as " + item + " \"Field\"=0x...");
                    return;
                }
                String field = unquote(next);
                long address = Long.decode(items.get(i + 3).replace("_", ""));
                AddressSpace want = AddressSpace.valueOf(item.toUpperCase(Locale.ROOT));
                List<AddressRef> refs = walk.decoder().addresses(c);
                boolean found = refs.stream().anyMatch(a -> a.field().equals(field) && a.address() == address && a.space() == want);
                if (!found) {
                    failures.add(where + "expected " + want + " address 0x" + Long.toHexString(address) + " in \"" + field
                            + "\" of " + at + "; the decoder reports " + describe(refs));
                }
                i += 3;
            } else if (item.equals("no-address")) {
                String field = unquote(next);
                List<AddressRef> refs = walk.decoder().addresses(c);
                if (refs.stream().anyMatch(a -> a.field().equals(field))) {
                    failures.add(where + "expected no address in \"" + field + "\" of " + at + "; the decoder reports "
                            + describe(refs));
                }
                i += 1;
            } else if (item.startsWith("\"")) {
                String line = unquote(item);
                List<FieldValue> fields = walk.decoder().fields(c);
                if (fields.stream().noneMatch(f -> (f.name() + ": " + f.text()).equals(line))) {
                    failures.add(where + "expected \"" + line + "\" in " + at + "; decoded " + c.name() + ": "
                            + String.join(", ", fields.stream().filter(f -> !f.header())
                                    .map(f -> f.name() + ": " + f.text()).toList()));
                }
            } else if ("=".equals(next)) {
                String name = item;
                if (i + 2 >= items.size()) {
                    failures.add(where + name + "= needs a value");
                    return;
                }
                String v = items.get(i + 2);
                i += 2;
                switch (name) {
                    case "length" -> expectEqual(where, at, "length", c.length(), Integer.parseInt(v), failures);
                    case "depth" -> expectEqual(where, at, "depth", walk.depths().get(k), Integer.parseInt(v), failures);
                    case "problem" -> {
                        List<Problem> ps = walk.problems().getOrDefault(target.address() & 0xffff_ffff_ffffL, List.of());
                        if (ps.stream().noneMatch(p -> p.kind().name().equals(v))) {
                            failures.add(where + "expected a " + v + " problem at " + at + "; the walk reported "
                                    + (ps.isEmpty() ? "none" : ps.toString()));
                        }
                    }
                    default -> failures.add(where + "unknown expectation " + name + "= (length, depth, problem)");
                }
            } else {
                if (!c.name().equals(item)) {
                    failures.add(where + "expected " + item + " at line " + target.line() + ", decoded " + c.name());
                }
            }
        }
    }

    private static void expectEqual(String where, String at, String what, Object got, Object want, List<String> failures) {
        if (!want.equals(got)) {
            failures.add(where + "expected " + what + " " + want + " for " + at + ", got " + got);
        }
    }

    private static String describe(List<AddressRef> refs) {
        if (refs.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (AddressRef a : refs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(a.space()).append(" \"").append(a.field()).append("\"=0x")
                    .append(Long.toHexString(a.address()));
        }
        return sb.toString();
    }

    private static String unquote(String item) {
        return item == null ? "" : item.startsWith("\"") ? item.substring(1) : item;
    }
}
