package io.genscope.repl.commands;

import io.genscope.parser.eu.EuLine;
import io.genscope.repl.Args;
import io.genscope.repl.Completions;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.commands.CaptureKernels.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code find-insn TERM...}: EU instructions of the capture's kernels by mnemonic, words or regex. */
final class FindInsnCommand implements ShellCommand {
    @Override
    public String name() {
        return "find-insn";
    }

    @Override
    public List<String> aliases() {
        return List.of("findi");
    }

    @Override
    public String synopsis() {
        return "find-insn TERM... (WORD | opcode=NAME | /REGEX/)";
    }

    @Override
    public String summary() {
        return "find EU instructions in every kernel the capture references";
    }

    @Override
    public String help() {
        return """
                Searches the disassembly of every kernel the capture's commands reference (see 'kernel') and
                lists the instructions for which every term holds:
                  WORD          the instruction's text contains it, any case (a send's text includes its
                                MsgDesc line, so 'send sampler' finds sampler messages)
                  opcode=NAME   its mnemonic is NAME (math, send, sendc, mov, ...); op=NAME too
                  /REGEX/       a Java regular expression found in its text
                Each kernel with matches is headed 'kN at ADDRESS: kind, ...'; each match is
                '  +OFFSET  ADDRESS  text'. The count comes last.
                Examples:
                  find-insn send sampler
                  find-insn opcode=math
                  find-insn /g1[0-9]<8,8,1>F/""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        if (args.isEmpty()) {
            throw new ShellError("usage: " + synopsis());
        }
        if (ctx.capture().spec() == null) {
            throw new ShellError("the capture's commands were not decoded (no spec); open it with --gen NAME");
        }
        Predicate<EuLine> match = l -> true;
        for (String term : args.words()) {
            match = match.and(term(term));
        }
        CaptureKernels all = CaptureKernels.of(ctx.capture(), ctx.cancel());
        int found = 0;
        int kernels = 0;
        for (Kernel k : all.kernels()) {
            ctx.cancel().check();
            List<EuLine> hits = new ArrayList<>();
            for (EuLine l : k.lines()) {
                if (match.test(l)) {
                    hits.add(l);
                }
            }
            if (hits.isEmpty()) {
                continue;
            }
            kernels++;
            ctx.out().line(KernelCommand.heading(k) + ", first referenced by #" + k.first());
            for (EuLine l : hits) {
                found++;
                String at = String.format("  +0x%04x  0x%x  ", l.offset(), k.address() + l.offset());
                ctx.out().text(at + instruction(l).replace("\n", "\n" + " ".repeat(at.length())));
            }
        }
        ctx.out().line(String.format("%d instruction%s in %d of %d kernels", found, found == 1 ? "" : "s", kernels,
                all.kernels().size()));
    }

    /** One term as a test of an instruction. */
    static Predicate<EuLine> term(String term) {
        String lower = term.toLowerCase(Locale.ROOT);
        if (lower.startsWith("opcode=") || lower.startsWith("op=")) {
            String op = lower.substring(lower.indexOf('=') + 1);
            return l -> op.equals(l.opcode());
        }
        if (term.length() >= 2 && term.startsWith("/") && term.endsWith("/")) {
            try {
                Pattern p = Pattern.compile(term.substring(1, term.length() - 1));
                return l -> p.matcher(instruction(l)).find();
            } catch (PatternSyntaxException e) {
                throw new ShellError("bad regular expression " + term + ": " + e.getDescription());
            }
        }
        return l -> instruction(l).toLowerCase(Locale.ROOT).contains(lower);
    }

    /** An instruction's text without the label line(s) the listing puts before a jump target. */
    static String instruction(EuLine l) {
        String t = l.text();
        if (t.startsWith("\n")) {
            int colon = t.indexOf(":\n");
            t = colon < 0 ? t.strip() : t.substring(colon + 2);
        }
        return t;
    }

    @Override
    public void complete(ShellContext ctx, List<String> words, int index, Completions out) {
        out.words("terms", "opcode=", "send", "sampler", "math");
    }
}
