package io.genscope.parser.eu;

/**
 * The gen12.5 load/store (LSC) messages of the ugm, slm and tgm shared functions: the operation
 * decoded from the message descriptor, then the surface named by the extended descriptor.
 */
final class EuLscText {
    private final EuPrinter p;

    EuLscText(EuPrinter p) { this.p = p; }

    /** Whether a shared function is one of the LSC ones of a generation whose spec describes them. */
    static boolean isLsc(EuIsa isa, String sfidName) {
        return (sfidName.equals("ugm") || sfidName.equals("slm") || sfidName.equals("tgm")) && isa.desc("lsc_opcode") != null;
    }

    /**
     * The descriptor part after "MsgDesc:", as Mesa prints it; {@code urb} for Xe2's URB messages,
     * which Mesa decodes the same way but never as a fence and always with their src1 length.
     */
    void describe(long d, long ex, boolean[] space, boolean urb) {
        p.s(" (");
        long op = p.desc("lsc_opcode", d);
        String opName = p.isa.name("lsc_operation", op, "");
        p.control("operation", "lsc_operation", op, space);
        p.s(",");
        p.control("addr_size", "lsc_addr_size", p.desc("lsc_addr_size", d), space);
        if (opName.equals("fence") && !urb) {
            p.s(",");
            p.control("scope", "lsc_fence_scope", p.desc("lsc_fence_scope", d), space);
            p.s(",");
            p.control("flush_type", "lsc_flush_type", p.desc("lsc_flush_type", d), space);
            p.s(",");
            p.control("backup_mode_fence_routing", "lsc_backup_fence_routing", p.desc("lsc_backup_routing", d), space);
        } else {
            p.s(",");
            p.control("data_size", "lsc_data_size", p.desc("lsc_data_size", d), space);
            p.s(",");
            if (opName.equals("load_cmask") || opName.equals("store_cmask")) {
                p.control("component_mask", "lsc_cmask_str", p.desc("lsc_cmask", d), space);
            } else {
                p.control("vector_size", "lsc_vect_size_str", p.desc("lsc_vect_size", d), space);
                if (p.desc("lsc_transpose", d) != 0) p.s(", transpose");
            }
            p.s(",");
            boolean load = opName.equals("load") || opName.equals("load_cmask");
            p.control(load ? "cache_load" : "cache_store", load ? "lsc_cache_load" : "lsc_cache_store",
                    p.desc("lsc_cache", d), space);
        }
        p.s(" dst_len = ", p.desc("lsc_dest_len", d));
        p.s(", src0_len = ", p.desc("lsc_src0_len", d));
        // Mesa 25 (Xe2+) leaves the length out when the extended descriptor is in a register
        if (p.ver < 20 || urb || p.f("send_sel_reg32_ex_desc") == 0) {
            p.s(", src1_len = ", p.desc("ex_mlen", ex));
        } else {
            p.s(",");
        }
        p.control("address_type", "lsc_addr_surface_type", p.desc("lsc_addr_type", d), space);
        p.s(" )");
    }

    /**
     * The surface the extended descriptor names (printed even for an indirect descriptor); Mesa 25
     * (Xe2+) puts a space before each part.
     */
    void exDesc(long d, long ex) {
        long type = p.desc("lsc_addr_type", d);
        String lead = p.ver >= 20 ? " " : "";
        switch (p.isa.name("lsc_addr_surface_type", type, "")) {
            case "flat" -> {
                p.s(lead);
                p.s("base_offset ", p.desc("lsc_flat_base_offset", ex));
                p.s(" ");
            }
            case "bss", "ss" -> {
                p.s(lead);
                p.s("surface_state_index ", p.desc("lsc_bss_index", ex));
                p.s(" ");
            }
            case "bti" -> {
                p.s(lead);
                p.s("BTI ", p.desc("lsc_bti_index", ex));
                p.s(" ");
                p.s(lead);
                p.s("base_offset ", p.desc("lsc_bti_base_offset", ex));
                p.s(" ");
            }
            default -> {
                p.s("unsupported address surface type ");
                p.s(type);
            }
        }
    }
}
