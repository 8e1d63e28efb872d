package io.genscope.migration.state;

/** Device-state bytes that cannot be a vGPU's state; the message says which region and why. */
public final class InvalidDeviceStateException extends Exception {
    private final DeviceRegion region;

    public InvalidDeviceStateException(DeviceRegion region, String message) {
        super(region + ": " + message);
        this.region = region;
    }

    public DeviceRegion region() {
        return region;
    }
}
