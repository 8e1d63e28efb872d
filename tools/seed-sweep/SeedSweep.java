import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs one seeded test class once per seed, in one JVM: seeds FIRST, FIRST+1, ... (COUNT of them) go
 * into the system property {@code genscope.seed}. Each run loads the module's classes afresh, so a
 * seed read into a static field is honoured too. Prints every failing seed and a closing count.
 *
 * <p>With {@code SWEEP_LOADER=shared} in the environment all seeds share one class loader: the JIT and
 * the tests' static caches (loaded specs) stay warm, several times faster for the parser's mutation
 * tests. Valid only for a test that reads the seed when it runs, not in a static initialiser.
 *
 * <p>Usage (see seed-sweep.sh): {@code java -cp DEPS SeedSweep.java MODULE_CLASSES_DIRS CLASS[#METHOD] COUNT [FIRST]}
 */
public class SeedSweep {
    /** {@code name} or {@code name(param.Type, ...)}: a method with parameters is named with their types. */
    private static org.junit.platform.engine.discovery.MethodSelector method(Class<?> test, String method) {
        int open = method.indexOf('(');
        return open < 0 ? selectMethod(test, method)
                : selectMethod(test, method.substring(0, open), method.substring(open + 1, method.length() - 1));
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String dir : args[0].split(File.pathSeparator)) {
            urls.add(new File(dir).toURI().toURL());
        }
        String className = args[1];
        int count = Integer.parseInt(args[2]);
        long first = args.length > 3 ? Long.parseLong(args[3]) : 1;
        int failed = 0;
        List<Long> failing = new ArrayList<>();
        long start = System.nanoTime();
        java.io.PrintStream out = System.out;
        boolean shared = "shared".equals(System.getenv("SWEEP_LOADER"));
        URLClassLoader sharedLoader = shared ? new URLClassLoader(urls.toArray(URL[]::new), SeedSweep.class.getClassLoader()) : null;
        for (long seed = first; seed < first + count; seed++) {
            System.setProperty("genscope.seed", Long.toString(seed));
            {
                // not closed: a pool thread the test left running may still load classes from it
                URLClassLoader loader = shared ? sharedLoader
                        : new URLClassLoader(urls.toArray(URL[]::new), SeedSweep.class.getClassLoader());
                Thread.currentThread().setContextClassLoader(loader);
                int hash = className.indexOf('#');
                Class<?> test = Class.forName(hash < 0 ? className : className.substring(0, hash), false, loader);
                LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                        .selectors(hash < 0 ? selectClass(test) : method(test, className.substring(hash + 1))).build();
                Launcher launcher = LauncherFactory.create();
                SummaryGeneratingListener summary = new SummaryGeneratingListener();
                System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                try {
                    launcher.execute(request, summary);
                } finally {
                    System.setOut(out);
                }
                TestExecutionSummary s = summary.getSummary();
                if (s.getTestsFoundCount() == 0) {
                    throw new IllegalStateException("no tests found in " + className);
                }
                if (s.getTotalFailureCount() > 0) {
                    failed++;
                    failing.add(seed);
                    s.getFailures().forEach(f -> out.println("seed " + failing.get(failing.size() - 1) + ": "
                            + f.getTestIdentifier().getDisplayName() + ": " + f.getException()));
                }
            }
            if ((seed - first + 1) % 50 == 0) {
                // a sweep stopped early still says how far it got
                out.printf("%s: seeds %d..%d: %d failed so far (%.0f s)%n", className, first, seed, failed,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("%s: seeds %d..%d: %d passed, %d failed (%.0f s)%n", className, first, first + count - 1,
                count - failed, failed, seconds);
        System.exit(failed == 0 ? 0 : 1);
    }
}
