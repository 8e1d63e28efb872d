#!/usr/bin/env python3
"""legacy-batches.py CAPTURE.aub OUTDIR

Splits a pre-gen8 AUB (the dialect intel_dump_gpu writes for gen7: TRACE_HEADER_BLOCK packets, each
submission a command write to a ring) into the batches its submissions start, so that the batches can be
decoded with `genscope decode --raw` before genscope reads that dialect itself (check-legacy.sh).

For every ring command write it takes the address of the ring's MI_BATCH_BUFFER_START and looks it up,
as aubinator does, among the GTT data writes made since the previous ring write (the newest first); the
batch is that write's data from the address to the write's end. Writes OUTDIR/NNN.ring (the ring data,
which aubinator decodes at address 0) and OUTDIR/NNN.bin (the batch), and prints one line per
submission: index, engine, batch address (hex), batch file.
"""
import os
import struct
import sys

CMD_AUB_HEADER = 0xE0850000
TRACE_HEADER_BLOCK = 0xE0C10000
OP_DATA_WRITE, OP_COMMAND_WRITE = 1, 2
RINGS = {2: "render", 3: "video", 4: "blitter"}


def main(path, outdir):
    data = open(path, "rb").read()
    os.makedirs(outdir, exist_ok=True)
    pos, writes, n = 0, [], 0
    while pos + 4 <= len(data):
        h = struct.unpack_from("<I", data, pos)[0]
        length = h & 0xFFFF
        opcode = (h >> 23) & 0x3F
        end = pos + 4 * (length + (2 if opcode == 1 else 1))
        if h & 0xFFFF0000 == TRACE_HEADER_BLOCK:
            p = struct.unpack_from("<5I", data, pos)
            size = p[4]
            payload = data[end:end + size]
            end += (size + 3) & ~3
            op, kind, space = p[1] & 0xFF, (p[1] >> 8) & 0xFF, (p[1] >> 16) & 0xFF
            if op == OP_DATA_WRITE and space == 0:
                writes.insert(0, (p[3], payload))
            elif op == OP_COMMAND_WRITE:
                ring = struct.unpack_from("<%dI" % (len(payload) // 4), payload)
                with open(os.path.join(outdir, "%03d.ring" % n), "wb") as f:
                    f.write(payload)
                batch = ring[1] if len(ring) > 1 else None
                for address, bytes_ in writes:
                    if batch is not None and address <= batch < address + len(bytes_):
                        out = os.path.join(outdir, "%03d.bin" % n)
                        with open(out, "wb") as f:
                            f.write(bytes_[batch - address:])
                        print(n, RINGS.get(kind, "ring%d" % kind), "0x%x" % batch, out)
                        break
                else:
                    print(n, RINGS.get(kind, "ring%d" % kind), "none", "-")
                n += 1
                writes = []
        elif h & 0xFFFF0000 != CMD_AUB_HEADER and opcode not in (1, 0x2E):
            sys.exit("%s: byte offset %d: unexpected packet 0x%08x" % (path, pos, h))
        pos = end


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
