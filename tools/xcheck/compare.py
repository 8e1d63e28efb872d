#!/usr/bin/env python3
"""compare.py MODE AUBINATOR_OUT GENSCOPE_OUT [ndiff]
MODE headers: lines starting with 0x, trailing spaces trimmed, position-by-position + difflib.
MODE full: all lines (trailing spaces trimmed), share of aubinator lines matched in order (SequenceMatcher autojunk=False)."""
import sys, difflib, collections, re
mode, a_path, g_path = sys.argv[1:4]
nshow = int(sys.argv[4]) if len(sys.argv) > 4 else 10
def load(p, only0x):
    out = []
    with open(p, errors='replace') as f:
        for l in f:
            l = l.rstrip('\n').rstrip()
            if only0x and not l.startswith('0x'):
                continue
            out.append(l)
    return out
a = load(a_path, mode == 'headers')
g = load(g_path, mode == 'headers')
sm = difflib.SequenceMatcher(None, a, g, autojunk=False)
matched = sum(b.size for b in sm.get_matching_blocks())
if mode == 'headers':
    same = sum(1 for x, y in zip(a, g) if x == y)
    print(f"aubinator 0x-lines={len(a)} genscope 0x-lines={len(g)} identical-by-position={same} "
          f"in-order-matched={matched} ({100.0*matched/max(1,len(a)):.2f}%) exact={'YES' if a == g else 'NO'}")
else:
    print(f"aubinator lines={len(a)} genscope lines={len(g)} matched-in-order={matched} ({100.0*matched/max(1,len(a)):.3f}% of aubinator)")
shown = 0
for tag, i1, i2, j1, j2 in sm.get_opcodes():
    if tag == 'equal':
        continue
    if shown < nshow:
        print(f"--- {tag} aub[{i1+1}:{i2+1}] gs[{j1+1}:{j2+1}]")
        for l in a[i1:min(i2, i1+6)]: print("  A| " + l)
        if i2 - i1 > 6: print(f"  A| ... ({i2-i1} lines)")
        for l in g[j1:min(j2, j1+6)]: print("  G| " + l)
        if j2 - j1 > 6: print(f"  G| ... ({j2-j1} lines)")
    shown += 1
try:
    print(f"diff hunks: {shown}")
except BrokenPipeError:
    pass
