package io.genscope.parser.eu;

import static io.genscope.parser.eu.EuIsa.REG_IMM;

/**
 * The descriptor part of a send: the descriptor sources, then the continuation line naming the
 * shared function and decoding its message descriptor ({@code MsgDesc:}).
 */
final class EuSendText {
    private final EuPrinter p;

    EuSendText(EuPrinter p) { this.p = p; }

    /** Appends the descriptor sources and the MsgDesc line. */
    void describe() {
        long sfid = p.f("sfid");
        boolean hasDesc = false, hasEx = false;
        long d = 0, ex = 0;
        if (p.isa.isSplitSend(p.op)) {
            p.pad(64);
            if (p.f("send_sel_reg32_desc") != 0) {
                p.s("a0<0>UD");
            } else {
                hasDesc = true;
                d = p.f("send_desc");
                p.raw(CFormat.hex8(d));
            }
            p.pad(80);
            if (p.f("send_sel_reg32_ex_desc") != 0) {
                long sub = p.f("send_ex_desc_ia_subreg_nr");
                p.s("a0");
                if (sub != 0) p.s(".", sub);
                p.s("<0>UD");
            } else {
                hasEx = true;
                ex = p.f(p.gather() ? "sends_ex_desc_gather" : "sends_ex_desc");
                p.raw(CFormat.hex8(ex));
            }
        } else {
            if (p.f("src1_reg_file") != REG_IMM) {
                p.pad(48);
                p.src(1);
                p.pad(64);
            } else {
                hasDesc = true;
                d = p.f("send_desc");
                p.pad(48);
            }
            p.raw(CFormat.hex8(p.w[1] >>> 32));
        }
        p.newline();
        p.pad(16);
        boolean[] space = {false};
        p.raw("            ");
        p.control("SFID", "gfx6_sfid", sfid, space);
        p.s(" MsgDesc:");
        if (!hasDesc) {
            p.s(" indirect");
        } else {
            boolean unsupported = false;
            String sf = p.isa.name("gfx6_sfid", sfid, "");
            switch (sf) {
                case "sampler" -> {
                    p.control("sampler message", "gfx5_sampler_msg_type", p.desc("sampler_msg_type", d), space);
                    p.control("sampler simd mode", "gfx5_sampler_simd_mode", p.desc("sampler_simd_mode", d), space);
                    if (p.isa.desc("sampler_return_format") != null && p.desc("sampler_return_format", d) != 0) p.s(" HP");
                    p.s(" Surface = ", p.desc("bti", d));
                    p.s(" Sampler = ", p.desc("sampler", d));
                }
                case "dp_sampler", "const" -> {
                    p.s(" (bti ", p.desc("bti", d));
                    p.s(", msg_ctrl ", p.desc("dp_msg_control", d));
                    p.s(", msg_type ", p.desc("dp_msg_type", d));
                    p.s(p.ver >= 20 ? ")" : ", write_commit 0)");
                }
                case "rt accel" -> {
                    if (p.ver < 20) {
                        unsupported = true; // Mesa 22 decodes no ray-tracing message
                    } else {
                        p.s(" SIMD", 8L << p.desc("rt_simd", d));
                        p.s(",");
                    }
                }
                case "render" -> {
                    long mt = p.desc("fb_msg_type", d);
                    p.control("DP rc message type", p.ver >= 9 ? "dp_rc_msg_type_gfx9" : "dp_rc_msg_type_gfx7", mt, space);
                    String mtName = p.isa.name(p.ver >= 9 ? "dp_rc_msg_type_gfx9" : "dp_rc_msg_type_gfx7", mt, "");
                    if (mtName.equals("RT write")) {
                        p.control("RT message type", "m_rt_write_subtype", p.f("rt_message_type"), space);
                        if (p.f("rt_slot_group") != 0) p.s(" Hi");
                        if (p.desc("fb_last_rt", d) != 0) p.s(" LastRT");
                        if (p.ver >= 10 && p.desc("fb_coarse_write", d) != 0) p.s(" CoarseWrite");
                    } else {
                        p.s(" MsgCtrl = 0x", p.desc("fb_msg_control", d)); // the value in decimal, as Mesa prints it
                    }
                    p.s(" Surface = ", p.desc("bti", d));
                }
                case "urb" -> {
                    if (p.ver >= 20) { // Xe2's URB messages are load/store ones
                        new EuLscText(p).describe(d, ex, space, true);
                        break;
                    }
                    long uop = p.f("urb_opcode");
                    p.s(" offset ", p.f("urb_global_offset"));
                    space[0] = true;
                    p.control("urb opcode", "gfx7_urb_opcode", uop, space);
                    if (p.f("urb_per_slot_offset") != 0) p.s(" per-slot");
                    String uname = p.isa.name("gfx7_urb_opcode", uop, "");
                    if (uname.equals("SIMD8 write") || uname.equals("SIMD8 read")) {
                        if (p.fOr("urb_channel_mask_present", 0) != 0) p.s(" masked");
                    } else if (!uname.equals("fence")) {
                        // gen12 has no swizzle field; Mesa reads outside the instruction there
                        p.control("urb swizzle", "urb_swizzle", p.fOr("urb_swizzle_control", 0), space);
                    }
                    if (p.ver < 8) p.control("urb complete", "urb_complete", p.f("urb_complete"), space);
                }
                case "thread_spawner" -> { }
                case "gateway" -> {
                    p.s(" (");
                    p.s(p.isa.name("gfx7_gateway_subfuncid", p.f("gateway_subfuncid"), "(null)"));
                    p.s(")");
                }
                case "data" -> dataCache0(d, space);
                case "dp data 1" -> dataCache1(d, space);
                case "pixel interp" -> {
                    p.s(p.f("pi_nopersp") != 0 ? " (linear, " : " (persp, ");
                    p.s(p.isa.name("pixel_interpolator_msg_types", p.f("pi_message_type"), "(null)"));
                    p.s(", 0x");
                    p.hex(p.f("pi_message_data"), 2);
                    p.s(")");
                }
                default -> {
                    if (EuLscText.isLsc(p.isa, sf)) new EuLscText(p).describe(d, ex, space, false);
                    else unsupported = true;
                }
            }
            if (unsupported) p.s("unsupported shared function ID ", sfid);
            if (space[0]) p.s(" ");
        }
        // gfx12.5 on (where the spec has the field): the source 1 length of a register extended descriptor
        if (p.isa.fieldOrNull("send_ex_bso") != null && p.f("send_sel_reg32_ex_desc") != 0 && p.f("send_ex_bso") != 0) {
            // Mesa 25 prints it so; in Mesa 22.3.6's text for gfx12.5, where what follows has no
            // leading space, it takes the place before that instead
            if (p.ver >= 20) {
                p.s(" src1_len = ", p.f("send_src1_len"));
                p.s(" ex_bso");
            } else {
                p.s("src1_len = ", p.f("send_src1_len"));
                p.s(" ex_bso ");
            }
        }
        String sf = p.isa.name("gfx6_sfid", sfid, "");
        if (EuLscText.isLsc(p.isa, sf) || p.ver >= 20 && sf.equals("urb")) {
            new EuLscText(p).exDesc(d, ex);
            return;
        }
        if (hasDesc) p.s(p.ver >= 20 ? " mlen " : "mlen ", p.desc("mlen", d)); // Mesa 25 leads with a space
        if (hasEx) p.s(" ex_mlen ", p.desc("ex_mlen", ex));
        if (hasDesc) p.s(" rlen ", p.desc("rlen", d));
    }

    void dataCache0(long d, boolean[] space) {
        p.s(" (");
        space[0] = false;
        long mt = p.desc("dp_msg_type", d);
        p.control("DP DC0 message type", "dp_dc0_msg_type_gfx7", mt, space);
        p.s(", bti ", p.desc("bti", d));
        p.s(", ");
        String name = p.isa.name("dp_dc0_msg_type_gfx7", p.f("dp_msg_type"), "");
        long ctrl = p.desc("dp_msg_control", d);
        switch (name) {
            case "DC untyped atomic" -> p.control("atomic op", "aop", ctrl & 0xf, space);
            case "DC OWORD block read", "DC OWORD block write" -> owords(ctrl);
            default -> p.s(ctrl);
        }
        p.s(")");
    }

    void dataCache1(long d, boolean[] space) {
        p.s(" (");
        space[0] = false;
        long ctrl = p.desc("dp_msg_control", d);
        p.control("DP DC1 message type", "dp_dc1_msg_type_hsw", p.desc("dp_msg_type", d), space);
        p.s(", Surface = ", p.desc("bti", d));
        p.s(", ");
        String name = p.isa.name("dp_dc1_msg_type_hsw", p.f("dp_msg_type"), "");
        switch (name) {
            case "DC untyped atomic op", "DC typed atomic", "DC atomic counter op" -> {
                p.s((ctrl & 0x10) != 0 ? "SIMD8," : "SIMD16,");
                p.control("atomic op", "aop", ctrl & 0xf, space);
            }
            case "DC untyped 4x2 atomic op", "DC typed 4x2 atomic op", "DC 4x2 atomic counter op",
                    "DC A64 untyped atomic op", "DC A64 untyped atomic half-integer op" ->
                    p.control("atomic op", "aop", ctrl & 0xf, space);
            case "untyped surface read", "DC untyped surface write", "DC typed surface read",
                    "DC typed surface write", "DC A64 untyped surface write", "DC A64 untyped surface read" -> {
                String[] simd = {"4x2", "16", "8"};
                int idx = (int) (ctrl >> 4);
                p.s("SIMD");
                p.s(idx < simd.length ? simd[idx] : "(null)");
                p.s(", Mask = 0x");
                p.hex(ctrl & 0xf, 1);
            }
            case "DC untyped atomic float op", "DC A64 untyped atomic float op", "DC A64 untyped atomic half-float op" -> {
                p.s((ctrl & 0x10) != 0 ? "SIMD8," : "SIMD16,");
                p.control("atomic float op", "aop_float", ctrl & 0xf, space);
            }
            case "DC A64 oword block write", "DC A64 oword block read" -> owords(ctrl);
            default -> {
                p.s("0x");
                p.hex(ctrl, 1);
            }
        }
        p.s(")");
    }

    /** An oword block message's size and alignment. */
    private void owords(long ctrl) {
        p.s("owords = ");
        p.s(p.isa.name("dp_oword_block_rw", ctrl & 7, "(null)"));
        p.s(", aligned = ", (ctrl >> 3) & 3);
    }
}
