package io.genscope.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every public type of the api, nested ones too, shows an example in its javadoc. */
class JavadocExamplesTest {
    private static final Pattern TYPE = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+\\s*)*public\\s+(?:(?:static|final|sealed|abstract)\\s+)*"
                    + "(class|record|enum|interface)\\s+(\\w+)", Pattern.DOTALL);
    private static final Pattern ANY_PUBLIC_TYPE = Pattern.compile(
            "^\\s*public\\s+(?:(?:static|final|sealed|abstract)\\s+)*(?:class|record|enum|interface)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern NESTED = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/[ \\t]*\\n {4,}(?:@\\w+\\s*)*(?:(?:public|static|final|sealed)\\s+)*"
                    + "(record|enum|interface|class)\\s+(\\w+)",
            Pattern.DOTALL);

    @Test
    void everyPublicTypeHasAnExample() throws Exception {
        Path dir = Path.of("src/main/java/io/genscope/api");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).sorted().toList();
        }
        List<String> checked = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Path f : files) {
            String src = Files.readString(f);
            List<String> documented = new ArrayList<>();
            for (Pattern p : List.of(TYPE, NESTED)) {
                Matcher m = p.matcher(src);
                while (m.find()) {
                    String name = m.group(3);
                    if (documented.contains(name)) {
                        continue;
                    }
                    documented.add(name);
                    if (!m.group(1).contains("{@code") && !m.group(1).contains("<pre>")) {
                        missing.add(f.getFileName() + ": " + name);
                    }
                }
            }
            Matcher any = ANY_PUBLIC_TYPE.matcher(src);
            while (any.find()) {
                checked.add(any.group(1));
                if (!documented.contains(any.group(1))) {
                    missing.add(f.getFileName() + ": " + any.group(1) + " (no javadoc found)");
                }
            }
        }
        assertThat(checked).contains("GenSpec", "Decoding", "LiveMigration", "Remapped");
        assertThat(missing).as("public api types whose javadoc shows no example").isEmpty();
    }
}
