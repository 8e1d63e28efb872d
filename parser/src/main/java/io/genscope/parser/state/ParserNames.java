package io.genscope.parser.state;

import io.genscope.parser.context.ContextImage;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.spec.RequiredNames;
import java.util.List;

/**
 * The spec names the parser module's Java code looks up, one list per user, handed to the spec
 * loader (listed in {@code META-INF/services}) so that every spec is checked for them when it loads.
 */
public final class ParserNames implements RequiredNames.Provider {
    @Override
    public List<RequiredNames> required() {
        return List.of(StateBases.REQUIRED, ContextImage.REQUIRED, CommandWalker.REQUIRED);
    }
}
