package io.genscope.parser.eu;

/** The operands of Xe2's systolic {@code dpas}: four registers, each with a fixed {@code <1,1,0>} source region. */
final class EuDpasText {
    private static final String[] SRC = {"dpas_3src_src0", "dpas_3src_src1", "dpas_3src_src2"};

    private final EuPrinter p;

    EuDpasText(EuPrinter p) { this.p = p; }

    /** Destination and three sources at Mesa's columns. */
    void operands() {
        p.pad(16);
        if (p.reg(p.f("dpas_3src_dst_reg_file"), p.f("dpas_3src_dst_reg_nr")) != -1) {
            long sub = p.f("dpas_3src_dst_subreg_nr");
            if (sub != 0) p.s(".", sub);
            p.s("<1>");
            p.s(type("dpas_3src_dst_hw_type"));
        }
        for (int n = 0; n < SRC.length; n++) {
            p.pad(32 + 16 * n);
            String s = SRC[n];
            if (p.reg(p.f(s.concat("_reg_file")), p.f(s.concat("_reg_nr"))) == -1) continue;
            long sub = p.f(s.concat("_subreg_nr"));
            if (sub != 0) p.s(".", sub);
            p.region(1, 0, 0);
            p.s(type(s.concat("_hw_type")));
        }
    }

    /** An operand's type: its 3-bit field read as integer or float by the execution type bit. */
    private String type(String field) {
        return p.isa.name("types_3src_a1", p.f("dpas_3src_exec_type") * 16 + p.f(field), "INVALID");
    }
}
