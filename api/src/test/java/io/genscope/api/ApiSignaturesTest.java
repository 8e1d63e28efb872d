package io.genscope.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The api's stability check: every public and protected signature of {@code io.genscope.api}, read by
 * reflection, must equal the checked-in listing {@code api/src/test/resources/api-signatures.txt}.
 * A change of the surface is recorded by regenerating the listing
 * ({@code mvn -B -pl api -am verify -Dgenscope.api.update=true}) and committing it with the change.
 */
class ApiSignaturesTest {
    private static final String PACKAGE = "io.genscope.api";

    @Test
    void publicSurfaceMatchesTheCheckedInListing() throws Exception {
        List<String> live = signatures();
        Path listing = Path.of(System.getProperty("genscope.api.listing", "src/test/resources/api-signatures.txt"));
        if (Boolean.getBoolean("genscope.api.update")) {
            Files.write(listing, live, StandardCharsets.UTF_8);
            System.out.println("ApiSignaturesTest: wrote " + live.size() + " signatures to " + listing);
            return;
        }
        assertThat(live).as("api signatures name only api and JDK types")
                .noneMatch(l -> l.matches(".*io\\.genscope\\.(?!api[.$ (|,<>\\[]).*"));
        List<String> recorded = Files.exists(listing) ? Files.readAllLines(listing, StandardCharsets.UTF_8) : List.of();
        String diff = diff(recorded, live);
        assertThat(diff).as("the public API of %s changed without the listing being updated.%n%s%n"
                + "If the change is intended, regenerate the listing and commit it with the change:%n"
                + "  mvn -B -pl api -am verify -Dgenscope.api.update=true%n", PACKAGE, diff).isEmpty();
    }

    @Test
    void diffNamesAddedAndRemovedLines() {
        assertThat(diff(List.of("a", "b"), List.of("b", "c"))).isEqualTo("- a (recorded, no longer there)\n"
                + "+ c (new, not recorded)\n");
        assertThat(diff(List.of("a"), List.of("a"))).isEmpty();
    }

    static String diff(List<String> recorded, List<String> live) {
        TreeSet<String> gone = new TreeSet<>(recorded);
        live.forEach(gone::remove);
        TreeSet<String> added = new TreeSet<>(live);
        recorded.forEach(added::remove);
        StringBuilder sb = new StringBuilder();
        gone.forEach(s -> sb.append("- ").append(s).append(" (recorded, no longer there)\n"));
        added.forEach(s -> sb.append("+ ").append(s).append(" (new, not recorded)\n"));
        return sb.toString();
    }

    /** One line per public type, constructor, field and method of the package, sorted. */
    static List<String> signatures() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(GenSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve(PACKAGE.replace('.', '/'));
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("-"))
                    .map(n -> PACKAGE + "." + n.substring(0, n.length() - ".class".length())).toList();
        }
        TreeSet<String> out = new TreeSet<>();
        for (String n : names) {
            Class<?> c = Class.forName(n, false, ApiSignaturesTest.class.getClassLoader());
            if (visible(c)) {
                type(c, out);
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean visible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) && !Modifier.isProtected(k.getModifiers())) {
                return false;
            }
        }
        return !c.isSynthetic() && !c.isAnonymousClass() && !c.isLocalClass();
    }

    private static void type(Class<?> c, TreeSet<String> out) {
        String name = c.getName();
        StringBuilder t = new StringBuilder(Modifier.toString(c.getModifiers() & ~Modifier.STATIC & ~Modifier.ABSTRACT
                & (c.isInterface() ? ~Modifier.INTERFACE : ~0)));
        t.append(c.isSealed() ? " sealed" : "").append(c.isRecord() ? " record " : c.isEnum() ? " enum "
                : c.isInterface() ? " interface " : " class ").append(name);
        if (c.getGenericSuperclass() != null && !c.isEnum() && !c.isRecord() && c.getSuperclass() != Object.class) {
            t.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        if (c.getGenericInterfaces().length > 0) {
            t.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ",
                    Arrays.stream(c.getGenericInterfaces()).map(java.lang.reflect.Type::getTypeName).toList()));
        }
        if (c.isSealed()) {
            t.append(" permits ").append(String.join(", ", Arrays.stream(c.getPermittedSubclasses()).map(Class::getName)
                    .sorted().toList()));
        }
        out.add(name + " | " + t.toString().trim());
        for (Field f : c.getDeclaredFields()) {
            if (exported(f.getModifiers()) && !f.isSynthetic()) {
                out.add(name + " | " + f.toGenericString());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (exported(k.getModifiers()) && !k.isSynthetic()) {
                out.add(name + " | " + k.toGenericString());
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (exported(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                out.add(name + " | " + m.toGenericString());
            }
        }
        for (Class<?> inner : c.getDeclaredClasses()) {
            if (visible(inner)) {
                type(inner, out);
            }
        }
    }

    private static boolean exported(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }
}
