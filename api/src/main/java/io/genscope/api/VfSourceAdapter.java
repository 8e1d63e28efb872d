package io.genscope.api;

import io.genscope.migration.xe.precopy.XeVfSource;
import io.genscope.migration.xe.precopy.XeVfState;
import java.nio.ByteBuffer;

/**
 * A hypervisor's {@link MigratableVf} as the pre-copy engine's VF source: the VRAM buffers taken
 * once, the state converted both ways, the VF told when it stops.
 */
final class VfSourceAdapter implements XeVfSource {
    private final MigratableVf vf;
    private final ByteBuffer[] vram;

    VfSourceAdapter(MigratableVf vf) {
        this.vf = vf;
        this.vram = vf.vram().clone();
    }

    @Override
    public ByteBuffer[] vram() {
        ByteBuffer[] out = new ByteBuffer[vram.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = vram[i].duplicate().clear();
        }
        return out;
    }

    @Override
    public XeVfState state() {
        return internal(vf.deviceState());
    }

    @Override
    public void pause() {
        vf.pause();
        vf.stateChanged(DeviceMigrationState.STOP_COPY);
    }

    @Override
    public void resume() {
        vf.resume();
    }

    @Override
    public boolean canPauseGpu() {
        return vf.canHoldGpu();
    }

    @Override
    public void pauseGpu() {
        vf.holdGpu();
    }

    @Override
    public void resumeGpu() {
        vf.releaseGpu();
    }

    static XeVfState internal(VfDeviceState s) {
        return new XeVfState(s.deviceId(), s.revision(), s.ggtt(), s.mmio(), s.guc(), s.opaque().stream()
                .map(p -> new XeVfState.Packet(p.type(), p.tile(), p.gt(), p.offset(), p.payload())).toList());
    }

    static VfDeviceState external(XeVfState s) {
        return new VfDeviceState(s.deviceId(), s.revision(), s.ggtt(), s.mmio(), s.guc(), s.opaque().stream()
                .map(p -> new VfPacket(p.type(), p.tile(), p.gt(), p.offset(), p.bytes())).toList());
    }
}
