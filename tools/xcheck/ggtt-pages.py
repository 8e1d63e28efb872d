#!/usr/bin/env python3
"""ggtt-pages.py CAPTURE.aub

For every GGTT page an AUB capture (MemTrace packets: NEO, aubstream or Mesa) maps, prints the
physical page its last entry names and every memory write that touched that page, in file order,
then the execlist submissions (EXECLIST_CONTROL or ELSP writes). A page that a GGTT write put
there and a later write of other data replaced shows up as two whole-page writes; this is how the
DG1 capture's two numberings of local memory were found (README.md, "How neo-dg1 is read").

Per write: packet number (counting from 0), byte offset of the packet, address space (1 local,
2 system, 0 GGTT), data-type hint, address + size, and the text of the comment packet before it
(NEO names each buffer there: "ggtt: ADDR" or "ppgtt: ADDR ...").
A GGTT entry's bit 1 is read as local memory when the capture writes to address space 1 at all.
"""
import struct
import sys

MEMTRACE = 0x2E
MEMORY_WRITE, DISCONTIGUOUS, REGISTER_WRITE, COMMENT = 0xF706, 0xF70B, 0xF703, 0xF708
TRACE_HEADER_BLOCK = 0xE0C1
PAGE = 0x1000


def packets(data):
    """(number, offset, top 16 bits of dword 0, length in bytes) of every packet."""
    pos, n = 0, 0
    while pos + 4 <= len(data):
        d0 = struct.unpack_from("<I", data, pos)[0]
        top, length = d0 >> 16, d0 & 0xFFFF
        if (d0 >> 23) & 0x3F == MEMTRACE:
            size = 4 * (length + 1)
            if top == MEMORY_WRITE and pos + 20 <= len(data):
                expected = 20 + ((struct.unpack_from("<I", data, pos + 16)[0] + 3) & ~3)
                if expected != size and ((expected // 4 - 1) & 0xFFFF) == length:
                    size = expected  # a write over 256 KiB overflows the 16-bit length
        else:
            size = 4 * (length + 2)
            if top == TRACE_HEADER_BLOCK and pos + 20 <= len(data):
                size += (struct.unpack_from("<I", data, pos + 16)[0] + 3) & ~3
        yield n, pos, top, size
        pos += size
        n += 1


def writes(data, pos, top):
    """(space, hint, address, size, data offset) of each range a memory write packet covers."""
    if top == MEMORY_WRITE:
        address, flags, size = struct.unpack_from("<QII", data, pos + 4)
        yield flags >> 28, (flags >> 20) & 0xFF, address, size, pos + 20
    else:
        flags = struct.unpack_from("<I", data, pos + 4)[0]
        count = (flags >> 4) & 0xFFFF
        offset = pos + 4 * 191  # flags and 63 {address, size} entries, then the data
        for i in range(count if 0 < count <= 63 else 63):
            address, size = struct.unpack_from("<QI", data, pos + 8 + 12 * i)
            if size:
                yield flags >> 28, (flags >> 20) & 0xFF, address, size, offset
                offset += size


def main(path):
    data = open(path, "rb").read()
    entries, touched, submissions = {}, {}, []
    comment, any_local = "", False
    for n, pos, top, size in packets(data):
        if top == COMMENT:
            comment = data[pos + 8:pos + size].split(b"\0")[0].decode(errors="replace")[:48]
        elif top in (MEMORY_WRITE, DISCONTIGUOUS):
            for space, hint, address, length, at in writes(data, pos, top):
                if space == 4:
                    for i in range(length // 8):
                        entries[address // 8 + i] = struct.unpack_from("<Q", data, at + 8 * i)[0]
                    continue
                any_local |= space == 1
                for page in range(address >> 12, (address + max(length, 1) - 1 >> 12) + 1):
                    touched.setdefault((space, page), []).append((n, pos, space, hint, address, length, comment))
        elif top == REGISTER_WRITE:
            offset, value = struct.unpack_from("<I", data, pos + 4)[0], struct.unpack_from("<I", data, pos + 20)[0]
            if offset & 0xFFF in (0x230, 0x550):
                submissions.append((n, pos, offset, value))
    for index in sorted(entries):
        pte = entries[index]
        local = any_local and pte & 2
        page = (pte & 0x0000FFFFFFFFF000) >> 12
        found = touched.get((1 if local else 2, page), []) + touched.get((0, index), [])
        if not pte & 1 and not found:
            continue  # an entry without its valid bit that nothing was written through (aubstream's fill)
        print("GGTT 0x%x -> %s 0x%x (entry 0x%x): %d writes" % (
            index << 12, "local" if local else "system", page << 12, pte, len(found)))
        for n, pos, space, hint, address, length, text in sorted(found):
            print("    #%d at %d: space %d hint %d 0x%x+0x%x  [%s]" % (n, pos, space, hint, address, length, text))
    for n, pos, offset, value in submissions:
        print("submission write #%d at %d: 0x%x = 0x%x" % (n, pos, offset, value))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
