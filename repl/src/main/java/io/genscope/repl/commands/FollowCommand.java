package io.genscope.repl.commands;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.decode.Decoder;
import io.genscope.repl.Args;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.Batch;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.Item;
import io.genscope.repl.model.LoadedCapture;
import java.util.List;

/** {@code follow}: into the batch the current MI_BATCH_BUFFER_START starts. */
final class FollowCommand implements ShellCommand {
    private static final String START = "MI_BATCH_BUFFER_START";

    @Override
    public String name() {
        return "follow";
    }

    @Override
    public List<String> aliases() {
        return List.of("f");
    }

    @Override
    public String synopsis() {
        return "follow [ADDRESS | #N]";
    }

    @Override
    public String summary() {
        return "enter the batch the MI_BATCH_BUFFER_START under the cursor starts ('back' returns)";
    }

    @Override
    public String help() {
        return """
                Moves the cursor into the batch buffer started by the MI_BATCH_BUFFER_START under the cursor
                (or at ADDRESS / #N; when the cursor is on another command, the next batch start in the same
                batch), and lists its first commands. 'back' returns to the batch start. When the walker did
                not enter the batch, says why: predicated, unmapped, a loop, or the nesting limit.
                Examples:
                  list 0 1
                  follow
                  back""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(1, synopsis());
        LoadedCapture c = ctx.capture();
        Entry from = args.isEmpty() ? ctx.cursorEntry() : ctx.resolveEntry(args.get(0));
        Entry start = from.name().equals(START) ? from : nextStart(c, from);
        if (start == null) {
            throw new ShellError("no " + START + " at or after #" + from.index() + " in its batch");
        }
        Item item = c.item(start.item());
        int next = start.index() + 1;
        if (next >= item.endEntry() || c.entry(next).depth() != start.depth() + 1
                || c.batch(c.entry(next).batch()).starter() != start.index()) {
            throw new ShellError("#" + start.index() + " was not followed: " + whyNot(c, start));
        }
        ctx.backStack().push(start.index());
        ctx.moveTo(next);
        Batch b = c.batch(c.entry(next).batch());
        int own = ListCommand.ownCount(c, b);
        ctx.out().line(String.format("batch at 0x%x (%s), depth %d, started by #%d: %d commands%s", b.address(), b.space(),
                b.depth(), start.index(), own, own == b.size() ? "" : " (" + b.size() + " with the batches it starts)"));
        int to = Math.min(b.endEntry(), next + ListCommand.PAGE);
        Lines.headers(c, next, to, false, ctx.out());
        ctx.setListNext(to);
    }

    /** The next batch start after {@code from} in the same batch, or null. */
    private static Entry nextStart(LoadedCapture c, Entry from) {
        Batch b = c.batch(from.batch());
        for (int i = from.index() + 1; i < b.endEntry(); i++) {
            Entry e = c.entry(i);
            if (e.batch() == b.index() && e.name().equals(START)) {
                return e;
            }
        }
        return null;
    }

    private static String whyNot(LoadedCapture c, Entry start) {
        if (Decoder.field(start.command(), "Predication Enable", 0) != 0) {
            return "it is predicated (Predication Enable), so the walker lists it without following";
        }
        for (Problem p : c.item(start.item()).problems()) {
            if (p.offset() == start.address() && (p.kind() == Problem.Kind.LOOP || p.kind() == Problem.Kind.UNMAPPED
                    || p.kind() == Problem.Kind.JUMP_LIMIT)) {
                return p.message();
            }
        }
        if (!c.notesAfter(start.index()).isEmpty()) {
            return c.notesAfter(start.index()).get(0);
        }
        if (start.command().truncated()) {
            return "the command is cut short";
        }
        return "its batch is empty or could not be read";
    }
}
