/**
 * genscope as a library: the supported surface (every other {@code io.genscope} package is internal
 * and may change in any release). Few types, each with one job:
 *
 * <table>
 * <caption>Entry points</caption>
 * <tr><th>to</th><th>start from</th><th>get back</th></tr>
 * <tr><td>load a generation's command definitions</td><td>{@link io.genscope.api.GenSpec#forDevice}</td>
 *     <td>{@link io.genscope.api.GenSpec}</td></tr>
 * <tr><td>decode dwords, walk a batch or a ring through guest memory</td><td>{@link io.genscope.api.Decoding#of}</td>
 *     <td>{@link io.genscope.api.Decoded} of {@link io.genscope.api.GpuCommand}s and {@link io.genscope.api.Problem}s</td></tr>
 * <tr><td>read an AUB capture or GPU error state</td><td>{@link io.genscope.api.Capture#read(java.nio.file.Path)}</td>
 *     <td>{@link io.genscope.api.Capture} with its executions</td></tr>
 * <tr><td>move GGTT addresses between a vGPU's guest and host windows</td>
 *     <td>{@link io.genscope.api.Remapper#of}</td><td>{@link io.genscope.api.Remapped} with the relocations</td></tr>
 * <tr><td>find the pages of a memory image that changed since a snapshot</td>
 *     <td>{@link io.genscope.api.DirtyTracker#over}</td><td>page numbers</td></tr>
 * <tr><td>live-migrate a vGPU with a policy to a file or TCP</td><td>{@link io.genscope.api.LiveMigration#of}</td>
 *     <td>{@link io.genscope.api.MigrationResult}</td></tr>
 * <tr><td>live-migrate an xe SR-IOV VF (its VRAM pre-copied by hashing) and restore it</td>
 *     <td>{@link io.genscope.api.VfLiveMigration#of}</td><td>{@link io.genscope.api.VfLiveMigration.Result},
 *     {@link io.genscope.api.VfLiveMigration.Arrival}</td></tr>
 * </table>
 *
 * <p>Damaged input never throws: results carry {@link io.genscope.api.Problem}s (or findings, or a
 * refusal) next to what could still be read. Exceptions mean a mistake in the call (an unknown device
 * name, overlapping windows) or a file that cannot be opened at all.
 *
 * <pre>{@code
 * Capture cap = Capture.read(Path.of("iris-skl.aub.xz"), 1);
 * for (GpuCommand c : cap.executions().get(0).decoded().firstBatch()) {
 *     System.out.printf("0x%012x  %s%n", c.address(), c.name());
 * }
 * }</pre>
 */
package io.genscope.api;
