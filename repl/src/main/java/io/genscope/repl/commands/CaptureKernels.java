package io.genscope.repl.commands;

import io.genscope.parser.decode.Command;
import io.genscope.parser.eu.EuLine;
import io.genscope.parser.state.StateBases;
import io.genscope.parser.walk.WalkListener;
import io.genscope.repl.model.CancelToken;
import io.genscope.repl.model.CaptureLoader;
import io.genscope.repl.model.CaptureReplay;
import io.genscope.repl.model.Entry;
import io.genscope.repl.model.LoadedCapture;
import io.genscope.repl.model.ReferencedKernels;
import io.genscope.repl.model.ReferencedKernels.Found;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every kernel the open capture's commands reference, found by one full walk (the first command
 * that needs them) and kept with the capture. A kernel is its address and bytes: the same address
 * with other bytes later in the capture is another kernel. Kernels are numbered {@code k0, k1, ...}
 * in the order they are first referenced.
 */
final class CaptureKernels {
    /** One distinct kernel. */
    record Kernel(int id, String type, int first, Found found) {
        String label() {
            return "k" + id;
        }

        long address() {
            return found.address();
        }

        List<EuLine> lines() {
            return found.listing().lines();
        }

        boolean contains(long address) {
            return address >= address() && address < address() + Math.max(1, found.listing().end());
        }
    }

    /** A command's reference to a kernel. */
    record Ref(int entry, Kernel kernel) {
    }

    private final List<Kernel> kernels = new ArrayList<>();
    private final List<Ref> refs = new ArrayList<>();
    private final Map<Integer, List<Ref>> byEntry = new HashMap<>();
    private final Set<String> referencing = new HashSet<>();
    private final LoadedCapture capture;

    private CaptureKernels(LoadedCapture capture) {
        this.capture = capture;
    }

    /** The kernels of {@code c}, walked on first use (Ctrl-C stops the walk and nothing is kept). */
    static CaptureKernels of(LoadedCapture c, CancelToken cancel) {
        return c.attachment(CaptureKernels.class, () -> scan(c, cancel));
    }

    private static CaptureKernels scan(LoadedCapture c, CancelToken cancel) {
        CaptureKernels out = new CaptureKernels(c);
        if (c.spec() == null || c.items().isEmpty()) {
            return out;
        }
        StateBases bases = new StateBases();
        Map<Long, List<Kernel>> byAddress = new HashMap<>();
        CaptureReplay.replay(c, 0, c.items().size() - 1, cancel, (item, memory) -> {
            ReferencedKernels finder = new ReferencedKernels(c.spec(), memory, bases);
            int[] position = {item.firstEntry()};
            CaptureLoader.walk(item, c.decoder(), memory, new WalkListener() {
                @Override
                public void command(Command command, int depth) {
                    int entry = position[0]++;
                    for (Found f : finder.command(command, depth)) {
                        out.add(entry, f, byAddress);
                    }
                }
            });
        });
        return out;
    }

    private void add(int entry, Found f, Map<Long, List<Kernel>> byAddress) {
        List<Kernel> same = byAddress.computeIfAbsent(f.address(), a -> new ArrayList<>());
        Kernel k = same.stream().filter(x -> Arrays.equals(x.found().bytes(), f.bytes())).findFirst().orElse(null);
        if (k == null) {
            k = new Kernel(kernels.size(), f.type(), entry, f);
            kernels.add(k);
            same.add(k);
        }
        Ref r = new Ref(entry, k);
        refs.add(r);
        byEntry.computeIfAbsent(entry, e -> new ArrayList<>()).add(r);
        referencing.add(capture.entry(entry).name());
    }

    List<Kernel> kernels() {
        return kernels;
    }

    /** The kernels command {@code entry} references itself. */
    List<Ref> of(int entry) {
        return byEntry.getOrDefault(entry, List.of());
    }

    /** The commands that reference {@code k}, in capture order. */
    List<Integer> referencedBy(Kernel k) {
        return refs.stream().filter(r -> r.kernel() == k).map(Ref::entry).distinct().toList();
    }

    /**
     * The kernels in effect when command {@code entry} runs: for every command name that references
     * kernels (3DSTATE_VS, 3DSTATE_PS, ...), what its latest instance at or before {@code entry}
     * on the same engine references (nothing when that instance disabled the stage).
     */
    List<Ref> boundAt(int entry) {
        Map<String, List<Ref>> latest = new LinkedHashMap<>();
        var engine = capture.item(capture.entry(entry).item()).engine();
        for (int i = entry; i >= 0 && latest.size() < referencing.size(); i--) {
            Entry e = capture.entry(i);
            if (referencing.contains(e.name()) && capture.item(e.item()).engine() == engine) {
                latest.putIfAbsent(e.name(), of(i));
            }
        }
        List<Ref> out = new ArrayList<>();
        latest.values().forEach(out::addAll);
        out.sort((x, y) -> Integer.compare(x.entry(), y.entry()));
        return out;
    }

    /** The kernel {@code kN} names. */
    Kernel byLabel(String word) {
        long id = io.genscope.repl.Numbers.parse(word.substring(1), "a kernel number");
        if (id >= kernels.size()) {
            throw new io.genscope.repl.ShellError("no kernel " + word + (kernels.isEmpty() ? " (the capture references none)"
                    : " (the capture references k0 to k" + (kernels.size() - 1) + ")"));
        }
        return kernels.get((int) id);
    }

    /** The kernels starting at {@code address}, else the ones holding it. */
    List<Kernel> at(long address) {
        List<Kernel> exact = kernels.stream().filter(k -> k.address() == address).toList();
        return exact.isEmpty() ? kernels.stream().filter(k -> k.contains(address)).toList() : exact;
    }
}
