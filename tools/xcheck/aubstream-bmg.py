#!/usr/bin/env python3
"""Re-express the Lunar Lake capture of Intel's compute runtime as aubstream writes it for Battlemage.

SYNTHETIC: no Battlemage and no aubstream ran to make the output. The workload (every command,
every GPU virtual address, every byte of data, every register write) is the one of
fixtures/captures/neo2-lnl.aub.xz; what changes is how memory is laid out and traced, following
the facts of intel/aubstream written down in tools/xcheck/README.md ("aubstream on discrete
parts"). Deterministic: the same input gives the same bytes.

    python3 tools/xcheck/aubstream-bmg.py IN-lnl.aub OUT-bmg.aub

Facts applied (aubstream, Xe2 HPG core, product bmg, one tile, local memory supported):
  F1 version packet: simulator device number 43 (dword 2 bits 15:8), no abbreviation, text "NEO"
  F2 bank 0 (local memory) allocator starts at memoryBankSize / 256, memoryBankSize 32 GiB
     (NEO's default total bank size); system memory allocator starts at 0x80000; allocations
     are aligned to max(4 KiB, page size), in the order the walks ask for them
  F3 the PPGTT (5 levels on Xe2) and the GGTT belong to bank 0: the PML5 is the first allocation
     of bank 0; interior tables are allocated in their parent's bank; all table writes go to
     address space 1 (local) with data type hints 0x45 (PML5) .. 0x41 (PT)
  F4 local memory takes only 64 KiB pages; a page table for 64 KiB pages is compact: 32 entries,
     index = VA bits 20:16, and the PDE pointing at it has bit 6 set
  F5 leaf entries: address | present | writable | atomic (bit 10) | local (bit 11) for a local page;
     interior entries: address | present | writable
  F6 GGTT pages of bank 0: 64 KiB each, 16 entries of address | 3 (present, local) written to
     address space 4 at 8 * index (entry offset 0 for bank 0)
  F7 data goes to address space 1 for local pages, 2 for system pages; a write of one page is a
     plain memory write (0x2e/0x06), of more pages a discontiguous write (0x2e/0x0b, at most 63
     pages), an entry unaligned or in the other space is written on its own first
  F8 64 KiB system pages are announced with a contiguous-region packet (0x2e/0x0d) before the
     table writes; local ones are not
  F9 the context image's PDP0 (engine base + 0x270/0x274) and the PPGTT context-create packet
     (classic 0x14) name the PML5 in local memory
 F10 freed ranges: leaf entries zeroed (hint 0x41), then the PDE of a page table left empty (0x42)
Choice of this recipe (not a fact): buffers the runtime maps at the process's host addresses
0x7f0000000000..0x7fffffffffff stay in system memory (host-pointer allocations); every other
PPGTT allocation goes to bank 0.
"""
import struct
import sys

MASK = 0x0000_FFFF_FFFF_F000
SYS_FIRST = 0x80000
BANK_SIZE = 32 << 30
LOCAL_FIRST = BANK_SIZE // 256
DEVICE_BMG = 43
SHIFT = {4: 48, 3: 39, 2: 30, 1: 21}
TABLE_HINTS = {0x45: 4, 0x44: 3, 0x43: 2, 0x42: 1, 0x41: 0}
HOST_RANGE = (0x7F00_0000_0000, 0x8000_0000_0000)


class Allocator:
    """A bump allocator aligned to max(4 KiB, alignment) (aubstream's SimpleAllocator without reuse)."""

    def __init__(self, first):
        self.next = first

    def alloc(self, size, alignment):
        alignment = max(alignment, 4096)
        self.next = (self.next + alignment - 1) & ~(alignment - 1)
        at = self.next
        self.next += size
        return at


class Node:
    def __init__(self, phys, level, local, page_size=4096):
        self.phys, self.level, self.local, self.page_size = phys, level, local, page_size
        self.children = {}


class Out:
    """MemTrace packets in aubstream's layout."""

    def __init__(self):
        self.parts = []

    def raw(self, b):
        self.parts.append(b)

    def write(self, space, hint, address, data):
        pad = data + b"\0" * (-len(data) % 4)
        self.raw(struct.pack("<IQII", 0xF7060000 | (5 + len(pad) // 4 - 1), address,
                             (space << 28) | (hint << 20), len(data)) + pad)

    def discontiguous(self, space, hint, entries):
        """entries: [(address, bytes)], at most 63, sizes multiple of 4."""
        data = b"".join(e[1] for e in entries)
        head = struct.pack("<II", 0xF70B0000 | (190 + len(data) // 4), (space << 28) | (hint << 20) | (len(entries) << 4))
        table = b"".join(struct.pack("<QI", a, len(b)) for a, b in entries) + b"\0" * (12 * (63 - len(entries)))
        self.raw(head + table + data)

    def entries(self, space, hint, entries):
        """Table entries [(address, value)] as aubstream writes a walk level (F3, F6)."""
        if len(entries) == 1:
            self.write(space, hint, entries[0][0], struct.pack("<Q", entries[0][1]))
            return
        for i in range(0, len(entries), 63):
            self.discontiguous(space, hint, [(a, struct.pack("<Q", v)) for a, v in entries[i:i + 63]])

    def pages(self, hint, chunks):
        """Data chunks [(address, local, bytes)] in walk order, as writeDiscontiguousPages (F7)."""
        if len(chunks) == 1:
            a, local, b = chunks[0]
            self.write(1 if local else 2, hint, a, b)
            return
        first_local = chunks[0][1]
        batch, dwords = [], 0
        for a, local, b in chunks:
            if len(batch) >= 63 or dwords + len(b) // 4 > 65535 - 190:
                self.discontiguous(1 if first_local else 2, hint, batch)
                batch, dwords = [], 0
            if len(b) % 4 or a % 4 or local != first_local:
                self.write(1 if local else 2, hint, a, b)
            else:
                batch.append((a, b))
                dwords += len(b) // 4
        if batch:
            self.discontiguous(1 if first_local else 2, hint, batch)


class Battlemage:
    """aubstream's memory model for one tile with local memory (F2-F8)."""

    def __init__(self, out):
        self.out = out
        self.sys = Allocator(SYS_FIRST)
        self.local = Allocator(LOCAL_FIRST)
        self.root = Node(self.local.alloc(4096, 4096), 4, True)  # F3: first allocation of bank 0
        self.ggtt = {}  # GGTT 4 KiB page index -> physical page
        self.va = {}  # ('g'|'p', VA 4 KiB page) -> (physical page, local, page size)

    def ggtt_walk(self, start, size):
        entries = []
        for page in range(start & ~0xFFFF, start + size, 0x10000):  # F6
            if page >> 12 in self.ggtt:
                continue
            phys = self.local.alloc(0x10000, 0x10000)
            for i in range(16):
                self.ggtt[(page >> 12) + i] = phys + 4096 * i
                self.va[("g", (page >> 12) + i)] = (phys + 4096 * i, True, 0x10000)
                entries.append((8 * ((page >> 12) + i), phys + 4096 * i | 3))
        if entries:
            self.out.entries(4, 0, entries)

    def ppgtt_walk(self, start, size, page_size, local):
        if local:
            page_size = 0x10000  # F4
        levels = {lvl: [] for lvl in range(5)}
        contiguous = []
        va = start & ~(page_size - 1)
        while va < start + size:
            node = self.root
            for lvl in (4, 3, 2, 1):
                index = (va >> SHIFT[lvl]) & 511
                child = node.children.get(index)
                if child is None:
                    child = Node(self.local.alloc(4096, 4096), lvl - 1, node.local,
                                 page_size if lvl == 1 else 4096)
                    node.children[index] = child
                    value = child.phys | 3 | (0x40 if lvl == 1 and child.page_size == 0x10000 else 0)
                    levels[lvl].append((node.phys + 8 * index, value))
                node = child
            step = node.page_size  # an existing page table decides the page size
            index = (va >> 16) & 31 if step == 0x10000 else (va >> 12) & 511
            va &= ~(step - 1)
            if index not in node.children:
                phys = (self.local if local else self.sys).alloc(step, step)
                node.children[index] = (phys, local)
                levels[0].append((node.phys + 8 * index, phys | 0x403 | (0x800 if local else 0)))  # F5
                if step == 0x10000 and not local:
                    contiguous.append(phys)
                for i in range(step // 4096):
                    self.va[("p", (va >> 12) + i)] = (phys + 4096 * i, local, step)
            va += step
        for phys in contiguous:  # F8
            self.out.raw(struct.pack("<IQQ", 0xF70D0004, phys, 0x10000))
        for lvl in (4, 3, 2, 1, 0):
            if levels[lvl]:
                self.out.entries(1, 0x41 + lvl, levels[lvl])

    def free(self, va, size):
        """Zeroes the leaf entries of [va, va + size); returns the PDE writes of emptied page tables (F10)."""
        leaves, pdes = [], []
        end = va + size
        while va < end:
            node, path = self.root, []
            for lvl in (4, 3, 2, 1):
                path.append((node, (va >> SHIFT[lvl]) & 511))
                node = node.children.get((va >> SHIFT[lvl]) & 511)
                if node is None:
                    break
            if node is None:
                va = (va | 0x1FFFFF) + 1
                continue
            step = node.page_size
            index = (va >> 16) & 31 if step == 0x10000 else (va >> 12) & 511
            if node.children.pop(index, None) is not None:
                leaves.append((node.phys + 8 * index, 0))
                for i in range(step // 4096):
                    self.va.pop(("p", ((va & ~(step - 1)) >> 12) + i), None)
            if not node.children:
                parent, pindex = path[-1]
                del parent.children[pindex]
                pdes.append((parent.phys + 8 * pindex, 0))
            va = (va & ~(step - 1)) + step
        if leaves:
            self.out.entries(1, 0x41, leaves)
        return pdes


class LunarLakeTables:
    """The source capture's own tables, read back to know which virtual page each physical page is."""

    def __init__(self, root):
        self.tables = {root: (0, 4, False)}
        self.reverse = {}  # physical 4 KiB page -> ('g'|'p', VA 4 KiB page)

    def ggtt_entry(self, index, value):
        self.reverse[(value & MASK) >> 12] = ("g", index)

    def entry(self, address, value, level):
        """Returns (VA, bytes covered) of the entry; records the child or page it names."""
        base, lvl, compact = self.tables[address & ~0xFFF]
        index = (address & 0xFFF) >> 3
        if lvl == 0:
            step = 0x10000 if compact else 0x1000
            va = base + index * step
            if value:
                for i in range(step // 4096):
                    self.reverse[((value & MASK) >> 12) + i] = ("p", (va >> 12) + i)
            return va, step
        va = base + (index << SHIFT[lvl])
        if value:
            self.tables[value & MASK] = (va, lvl - 1, lvl == 1 and bool(value & 0x40))
        return va, 1 << SHIFT[lvl]


def packets(data):
    pos = 0
    while pos < len(data):
        dw0 = struct.unpack_from("<I", data, pos)[0]
        if (dw0 >> 23) & 0x3F == 0x2E:
            size = 4 * ((dw0 & 0xFFFF) + 1)
            if dw0 >> 16 == 0xF706:
                exact = 20 + ((struct.unpack_from("<I", data, pos + 16)[0] + 3) & ~3)
                if exact != size and ((exact // 4 - 1) & 0xFFFF) == dw0 & 0xFFFF:
                    size = exact
        else:
            size = 4 * ((dw0 & 0xFFFF) + 2)
        yield pos, dw0, data[pos:pos + size]
        pos += size


def writes(dw0, p):
    """(space, hint, [(address, bytes)]) of a memory write packet."""
    if dw0 >> 16 == 0xF706:
        address, flags, size = struct.unpack_from("<QII", p, 4)
        return flags >> 28, (flags >> 20) & 0xFF, [(address, p[20:20 + size])]
    flags = struct.unpack_from("<I", p, 4)[0]
    out, at = [], 4 * 191
    for i in range((flags >> 4) & 0xFFFF or 63):
        address, size = struct.unpack_from("<QI", p, 8 + 12 * i)
        if size:
            out.append((address, p[at:at + size]))
            at += size
    return flags >> 28, (flags >> 20) & 0xFF, out


def patch_root(data, old, new):
    """F9: PDP0 in a context image: LRI pairs (base + 0x274, high), (base + 0x270, low)."""
    words = list(struct.unpack_from("<%dI" % (len(data) // 4), data))
    for i in range(2, len(words) - 1):
        if words[i] & 0xFFF == 0x270 and words[i + 1] == old & 0xFFFFFFFF and words[i - 2] == words[i] + 4:
            words[i + 1], words[i - 1] = new & 0xFFFFFFFF, new >> 32
    return struct.pack("<%dI" % len(words), *words) + data[4 * len(words):]


def convert(data):
    out = Out()
    bmg = Battlemage(out)
    lnl = None
    held_pdes = []
    for pos, dw0, p in packets(data):
        kind = dw0 >> 16
        if kind == 0xF70E:  # F1
            dw2 = struct.unpack_from("<I", p, 8)[0]
            out.raw(p[:8] + struct.pack("<I", (dw2 & ~0xFF00) | DEVICE_BMG << 8) + p[12:])
        elif kind == 0xE094:  # F9
            root = struct.unpack_from("<Q", p, 12)[0]
            lnl = lnl or LunarLakeTables(root & MASK)
            out.raw(p[:12] + struct.pack("<Q", bmg.root.phys) + p[20:])
        elif kind == 0xF708:
            text = p[8:].split(b"\0")[0].decode()
            if text.startswith("ggtt: "):
                first, last = (int(x, 16) for x in text[6:].split()[0:3:2])
                out.raw(comment(text.replace("banks: sys", "banks: bank0")))
                bmg.ggtt_walk(first, last - first + 1)
            elif text.startswith("ppgtt"):
                rng = text.split(":", 1)[1].split()
                first, last, size = int(rng[0], 16), int(rng[2], 16), int(text.split("pageSize: ")[1].split()[0], 16)
                local = not (HOST_RANGE[0] <= first < HOST_RANGE[1])
                text = text.replace("pageSize: 0x1000 ", "pageSize: 0x10000 ") if local else text
                out.raw(comment(text.replace("banks: sys", "banks: bank0") if local else text))
                bmg.ppgtt_walk(first, last - first + 1, size, local)
            else:
                out.raw(p)
        elif kind == 0xF70D:
            pass  # F8: re-announced by the walks
        elif kind in (0xF706, 0xF70B):
            space, hint, parts = writes(dw0, p)
            if lnl is None:
                lnl = LunarLakeTables(SYS_FIRST)  # the PML5 is the source's first system page
            if space == 4:
                for address, b in parts:
                    for i in range(len(b) // 8):
                        lnl.ggtt_entry(address // 8 + i, struct.unpack_from("<Q", b, 8 * i)[0])
            elif hint in TABLE_HINTS:
                for address, b in parts:
                    value = struct.unpack_from("<Q", b)[0]
                    va, span = lnl.entry(address, value, TABLE_HINTS[hint])
                    if value == 0 and TABLE_HINTS[hint] == 0:
                        held_pdes += bmg.free(va, span)
                    elif value == 0 and TABLE_HINTS[hint] == 1 and held_pdes:
                        out.entries(1, 0x42, held_pdes)
                        held_pdes = []
            else:
                out.pages(hint, translate(bmg, lnl, parts, data_root_old=SYS_FIRST))
        else:
            out.raw(p)
    if held_pdes:
        out.entries(1, 0x42, held_pdes)
    return b"".join(out.parts)


def comment(text):
    b = text.encode() + b"\0"
    b += b"\0" * (-len(b) % 4)
    return struct.pack("<II", 0xF7080000 | (len(b) // 4 + 1), 0) + b


def translate(bmg, lnl, parts, data_root_old):
    """The source's physical writes as [(address, local, bytes)] on Battlemage, one per page piece."""
    chunks = []
    for address, b in parts:
        at = 0
        while at < len(b):
            phys = address + at
            n = min(len(b) - at, 4096 - (phys & 0xFFF))
            where = lnl.reverse.get(phys >> 12)
            if where is None:
                raise SystemExit("source write to physical 0x%x has no virtual page" % phys)
            target, local, page = bmg.va[where]
            piece = b[at:at + n]
            if where[0] == "g":
                piece = patch_root(piece, data_root_old, bmg.root.phys)
            q = target | (phys & 0xFFF)
            last = chunks[-1] if chunks else None
            if last and last[1] == local and last[0] + len(last[2]) == q and q & (page - 1) and len(last[2]) % 4 == 0:
                chunks[-1] = (last[0], local, last[2] + piece)
            else:
                chunks.append((q, local, piece))
            at += n
    return chunks


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    with open(sys.argv[2], "wb") as f:
        f.write(convert(data))


if __name__ == "__main__":
    main()
