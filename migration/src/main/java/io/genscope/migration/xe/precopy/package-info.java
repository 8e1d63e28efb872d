/**
 * Internal to genscope: pre-copy of an xe SR-IOV VF's VRAM with software dirty pages, written as
 * xe VF migration data (docs/xe-vf-migration.md, "Pre-copy of a VF's VRAM"). An
 * {@link io.genscope.migration.xe.precopy.XeVfSource} is the VF as the VMM and the PF driver see it
 * (VRAM read in place, no dirty log for it, pause hooks, the state saved at the stop);
 * {@link io.genscope.migration.xe.precopy.VfMigration} moves it under one
 * {@link io.genscope.migration.xe.precopy.VfPolicy}; {@link io.genscope.migration.xe.precopy.VfRestore}
 * restores the stream through {@link io.genscope.migration.xe.XeVfReader}. Not a supported API: the
 * supported one is {@code io.genscope.api.VfLiveMigration} over a {@code MigratableVf}.
 */
package io.genscope.migration.xe.precopy;
