package io.genscope.parser.print;

import io.genscope.parser.decode.CFormat;
import io.genscope.parser.decode.Command;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.RegisterDef;

/**
 * What aubinator prints after a command's own fields: registers written by MI_LOAD_REGISTER_IMM
 * and the state that commands point to (binding tables, samplers, viewports, blend state,
 * constants, vertex data), read from GPU memory relative to the tracked state base addresses.
 */
final class IndirectState {
    private final TextOut out;
    private final GpuMemory memory;

    IndirectState(TextOut out, GpuMemory memory) {
        this.out = out;
        this.memory = memory;
    }

    void after(Command c) {
        switch (c.def().name()) {
            case "MI_LOAD_REGISTER_IMM" -> loadRegisterImm(c);
            default -> {
            }
        }
    }

    /** Each (offset, value) pair; aubinator prints the first pair's value for every register. */
    private void loadRegisterImm(Command c) {
        int[] p = c.dwords();
        int regs = (c.length() - 1) / 2;
        for (int i = 0; i < regs && 2 * i + 1 < p.length; i++) {
            RegisterDef reg = out.spec().registerAt(p[2 * i + 1]);
            if (reg == null || p.length < 3) {
                continue;
            }
            out.line("register " + reg.name() + " (0x" + CFormat.hex(reg.offset()) + "): 0x"
                    + CFormat.hex(p[2] & 0xffffffffL));
            out.group(reg, reg.offset(), p, 2, Math.min(p.length, 2 + reg.dwords()), 0);
        }
    }
}
