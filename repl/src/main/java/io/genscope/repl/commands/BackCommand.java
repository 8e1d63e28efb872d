package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;
import io.genscope.repl.model.Batch;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.LoadedCapture;
import java.util.List;

/** {@code back}: out of the current batch, to the MI_BATCH_BUFFER_START that entered it. */
final class BackCommand implements ShellCommand {
    @Override
    public String name() {
        return "back";
    }

    @Override
    public List<String> aliases() {
        return List.of("b");
    }

    @Override
    public String synopsis() {
        return "back";
    }

    @Override
    public String summary() {
        return "return to the batch start the last 'follow' went through";
    }

    @Override
    public String help() {
        return """
                Returns the cursor to the MI_BATCH_BUFFER_START the last 'follow' entered (or, when the
                cursor got into a batch another way, to the start of the batch it is in) and prints it.
                Example:
                  follow
                  back""";
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        args.atMost(0, synopsis());
        LoadedCapture c = ctx.capture();
        int target;
        if (!ctx.backStack().isEmpty()) {
            target = ctx.backStack().pop();
        } else {
            Entry here = ctx.cursorEntry();
            Batch b = c.batch(here.batch());
            if (b.starter() < 0) {
                throw new ShellError("the cursor is in the ring of s" + here.item() + ", not in a batch");
            }
            target = b.starter();
        }
        ctx.moveTo(target);
        ctx.setListNext(target + 1);
        Lines.headers(c, target, target + 1, false, ctx.out());
    }
}
