package io.genscope.migration.xe.precopy;

/**
 * How a VF migration runs.
 *
 * @param bytesPerSecond the emulated link's rate; 0 for no limit
 * @param hashThreads threads that re-hash VRAM to find changed pages
 * @param gpuStop whether the {@code genscope} policy holds the VF's VRAM writers before the vCPUs
 *     stop, when the source can ({@link XeVfSource#canPauseGpu()})
 * @param maxHashRounds most hash rounds of the {@code genscope} policy while the VF runs
 * @param hooks called after each round (tests write VRAM there)
 */
public record VfOptions(double bytesPerSecond, int hashThreads, boolean gpuStop, int maxHashRounds, Hooks hooks) {
    /** Called on the migration's thread after each round. */
    @FunctionalInterface
    public interface Hooks {
        /** After round {@code index} (from 0) of {@code phase}. */
        void afterRound(String phase, int index);

        /** No hooks. */
        Hooks NONE = (phase, index) -> {
        };
    }

    public VfOptions {
        if (bytesPerSecond < 0 || hashThreads < 1 || maxHashRounds < 0) {
            throw new IllegalArgumentException("VF migration options: rate >= 0, at least one hash thread, rounds >= 0");
        }
        hooks = hooks == null ? Hooks.NONE : hooks;
    }

    /** No link limit, two hash threads, GPU stop on, at most 4 hash rounds. */
    public static VfOptions unlimited() {
        return new VfOptions(0, 2, true, 4, Hooks.NONE);
    }

    /** The same at {@code bytesPerSecond}. */
    public VfOptions atRate(double rate) {
        return new VfOptions(rate, hashThreads, gpuStop, maxHashRounds, hooks);
    }

    /** The same with {@code h}. */
    public VfOptions withHooks(Hooks h) {
        return new VfOptions(bytesPerSecond, hashThreads, gpuStop, maxHashRounds, h);
    }

    /** The same with the GPU stop on or off. */
    public VfOptions withGpuStop(boolean on) {
        return new VfOptions(bytesPerSecond, hashThreads, on, maxHashRounds, hooks);
    }
}
