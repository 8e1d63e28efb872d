/**
 * Internal to genscope: Intel xe SR-IOV VF migration data, the stream that Linux's
 * {@code xe-vfio-pci} hands to a VMM when it saves a virtual function and takes back to restore one:
 * a sequence of typed packets, each a 24-byte header and a payload (docs/xe-vf-migration.md).
 * {@link io.genscope.migration.xe.XeVfReader} reads a saved stream into
 * {@link io.genscope.migration.xe.XePacket}s plus problems with byte offsets,
 * {@link io.genscope.migration.xe.XeVfWriter} writes one, {@link io.genscope.migration.xe.XeVfText}
 * lists one for {@code genscope decode}. Not a supported API; its types may change in any release.
 * Code that embeds genscope uses the package {@code io.genscope.api} (artifact
 * {@code io.genscope:genscope-api}, see docs/library.md).
 */
package io.genscope.migration.xe;
