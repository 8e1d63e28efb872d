package io.genscope.parser.capture;

/**
 * What a capture says about itself.
 *
 * @param format the reader that understood it ({@code aub}, {@code error-state}, {@code raw}, ...)
 * @param pciId the device's PCI ID, or 0 when the capture does not name one
 * @param specName the built-in spec the capture implies ({@code gen9}), or null when unknown
 * @param deviceName the device's marketing name, or empty
 * @param application the application or process named in the capture, or empty
 */
public record CaptureInfo(String format, int pciId, String specName, String deviceName, String application) {
}
