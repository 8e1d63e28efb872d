/**
 * Internal to genscope: the host-side GGTT shift of an xe SR-IOV VF image
 * ({@link io.genscope.migration.xe.shift.XeVfShift}): when the destination gives the VF another
 * GGTT range, every GGTT address in its context images, rings and GGTT batches is rewritten with
 * the rewriter module, driven by the spec, before the guest resumes (docs/xe-vf-migration.md,
 * "The host-side shift"). Not a supported API; its types may change in any release. Code that
 * embeds genscope uses the package {@code io.genscope.api} (artifact
 * {@code io.genscope:genscope-api}, see docs/library.md).
 */
package io.genscope.migration.xe.shift;
