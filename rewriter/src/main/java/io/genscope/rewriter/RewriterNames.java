package io.genscope.rewriter;

import io.genscope.spec.RequiredNames;
import java.util.List;

/**
 * The spec names the rewriter module's Java code looks up, handed to the spec loader (listed in
 * {@code META-INF/services}) so that every spec is checked for them when it loads.
 */
public final class RewriterNames implements RequiredNames.Provider {
    @Override
    public List<RequiredNames> required() {
        return List.of(CommandAudit.REQUIRED);
    }
}
