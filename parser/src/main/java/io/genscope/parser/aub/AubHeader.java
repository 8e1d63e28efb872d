package io.genscope.parser.aub;

import java.util.Optional;

/**
 * What an AUB file says about itself in its version (or classic header) packet.
 *
 * <pre>
 * MemTrace VERSION (0xF70E):
 *   dw1  file version
 *   dw2  metal[2:0] stepping[7:3] device[15:8] csxSwizzling[17:16] recordingMethod[19:18] pch[27:20] captureTool[31:28]
 *   dw3-4 device abbreviation (8 chars)
 *   dw5.. text, NUL padded; Mesa writes "PCI-ID=0x1912 &lt;application name&gt;"
 * </pre>
 *
 * @param fileOffset byte offset of the packet
 * @param dialect which writer's conventions the file follows
 * @param fileVersion dword 1 (MemTrace) or the major/minor dword (classic)
 * @param pciId the PCI device ID from the {@code PCI-ID=} tag, or 0 when there is none
 * @param applicationName the text after the tag (the whole text when there is no tag)
 * @param simulatorDevice the simulator's device number from dword 2 bits 15:8 (MemTrace only, else 0)
 * @param deviceAbbreviation dwords 3-4 as text (MemTrace only, else empty)
 * @param text the raw text of the packet, without trailing NULs
 */
public record AubHeader(long fileOffset, Dialect dialect, int fileVersion, int pciId, String applicationName,
        int simulatorDevice, String deviceAbbreviation, String text) {

    /** The device the PCI ID names, if it is one this toolkit knows. */
    public Optional<Device> device() {
        return Device.byPciId(pciId);
    }

    /**
     * The product the version packet names without a PCI ID: by its abbreviation (dwords 3-4) if
     * that is known, else by the simulator device number. Only MemTrace version packets name one.
     */
    public Optional<SimulatorDevice> product() {
        if (dialect != Dialect.MESA && dialect != Dialect.NEO) {
            return Optional.empty();
        }
        Optional<SimulatorDevice> byName = SimulatorDevice.byAbbreviation(deviceAbbreviation);
        return byName.isPresent() ? byName : SimulatorDevice.byNumber(simulatorDevice);
    }

    /**
     * The built-in spec that decodes this capture: from the PCI ID when genscope knows it, else
     * from the product the version packet names (how NEO files name it); null when neither is known.
     */
    public String specName() {
        Optional<Device> d = device();
        if (d.isPresent()) {
            return d.get().spec();
        }
        return product().map(SimulatorDevice::spec).orElse(null);
    }

    /** The device's name as the decoder prints it, or empty when unknown. */
    public String deviceName() {
        Optional<Device> d = device();
        if (d.isPresent()) {
            return d.get().name();
        }
        return product().map(SimulatorDevice::label).orElse("");
    }
}
