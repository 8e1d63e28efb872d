#!/usr/bin/env python3
"""Writes fixtures/eu/gen12.oracle.xz and gen125.oracle.xz for EuAssemblerTest.

They hold the .expected bytes of Mesa 25.0.7's EU assembler tests for gen12 and gen12.5
(src/intel/compiler/tests/gen12, gen12.5; Mesa 22.3.6 has none) and what Mesa 22.3.6's
i965_disasm prints for them, in the format of make-oracle-fixtures.sh: a "=== NAME" line, the
"hex" lines, a "--- disasm" line, then the disassembly. Rerun:

    python3 tools/eu/make_mesa25_suite_fixtures.py /work/chroots/trixie/root/m25/mesa-25.0.7 \\
        /opt/mesa-tools/bin/i965_disasm
"""
import lzma
import pathlib
import subprocess
import sys
import tempfile

SUITES = {"gen12": ("gen12", "tgl"), "gen125": ("gen12.5", "dg2")}


def main(mesa, disasm):
    out_dir = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "eu"
    for fixture, (folder, platform) in SUITES.items():
        parts, count = [], 0
        for expected in sorted((pathlib.Path(mesa) / "src/intel/compiler/tests" / folder).glob("*.expected")):
            lines = [l for l in expected.read_text().splitlines() if l.strip()]
            count += len(lines)
            with tempfile.NamedTemporaryFile(suffix=".bin") as binary:
                binary.write(bytes.fromhex("".join(lines)))
                binary.flush()
                shown = subprocess.run([disasm, "--gen", platform, "--input-path", binary.name],
                                       capture_output=True, text=True).stdout
            parts.append(f"=== {expected.stem}\n" + "".join(f"hex {l}\n" for l in lines) + "--- disasm\n" + shown)
        target = out_dir / f"{fixture}.oracle.xz"
        target.write_bytes(lzma.compress("".join(parts).encode(), preset=9 | lzma.PRESET_EXTREME))
        print(f"{fixture}: {len(parts)} tests, {count} instructions -> {target}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
