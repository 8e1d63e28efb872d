package io.genscope.repl.commands;

import io.genscope.parser.decode.CFormat;
import io.genscope.repl.Output;

/**
 * Dwords as a hex dump: 16 bytes per line, four little-endian dwords, then the bytes as ASCII.
 * Runs of unmapped memory print as one line.
 *
 * <pre>
 * 0xfffefffee000:  7a000004 00101021 00000000 00000000  z...!...........
 * 0xfffefffee010:  unmapped (4096 bytes)
 * </pre>
 */
final class HexDump {
    private HexDump() {
    }

    /**
     * @param address GPU address of {@code dwords[0]}
     * @param mapped whether each dword could be read
     */
    static void print(long address, int[] dwords, boolean[] mapped, Output out) {
        int i = 0;
        while (i < dwords.length) {
            long lineAddress = address + 4L * i;
            if (!mapped[i]) {
                int j = i;
                while (j < dwords.length && !mapped[j]) {
                    j++;
                }
                out.line(CFormat.hex8(lineAddress) + ":  unmapped (" + 4L * (j - i) + " bytes)");
                i = j;
                continue;
            }
            StringBuilder hex = new StringBuilder(80).append(CFormat.hex8(lineAddress)).append(": ");
            StringBuilder ascii = new StringBuilder(16);
            int n = 0;
            while (n < 4 && i + n < dwords.length && mapped[i + n]) {
                int v = dwords[i + n];
                hex.append(' ').append(String.format("%08x", v));
                for (int b = 0; b < 4; b++) {
                    int ch = (v >>> (8 * b)) & 0xff;
                    ascii.append(ch >= 0x20 && ch < 0x7f ? (char) ch : '.');
                }
                n++;
            }
            for (int pad = n; pad < 4; pad++) {
                hex.append("         ");
            }
            out.line(hex.append("  ").append(ascii));
            i += n;
        }
    }
}
