#!/usr/bin/env python3
"""Generates soup.S: a deterministic pseudo-random mix of Thumb-2 integer instructions for breadth.

The body (BODY instructions) runs PASSES times; each pass reloads r0-r10 and r12 from the RAM buffer the body
writes into, so every pass sees new operands. r11 is the buffer's base and is never written by the body. Memory
operands stay inside the buffer; block transfers use r10 as a scratch pointer set just before them. Conditional
forward branches, CBZ/CBNZ and IT blocks with 1-4 instructions exercise condition evaluation; flag-setting and
non-flag-setting forms alternate so the flags are live. Output is stable for a given SEED (committed with the ELF).

"soup.py --armv6m" generates soup-v6m.S instead: the same idea restricted to ARMv6-M (Cortex-M0+; ARMv6-M ARM A5.2
and A5.3): the 16-bit Thumb instructions (flag-setting low-register ALU, shifts by immediate and by register - low
byte of the register, so amounts of 32 and more -, MULS, NEGS, high-register MOV/ADD/CMP, REV*, extends, loads and
stores with immediate and register offsets, LDM/STM with and without writeback, PUSH/POP, SP-relative ADD/SUB/LDR/
STR, ADD Rd, PC and literal loads, conditional and unconditional branches, BL/BLX to leaf routines, MOV PC and BX,
CPSID/CPSIE) and the 32-bit ones ARMv6-M has (BL, MRS, MSR, DMB, DSB, ISB). r7 is the buffer's base and never
written; every access is aligned (ARMv6-M faults on unaligned accesses, A3.2).
"""
import random
import sys

SEED = 19
BODY = 1500
PASSES = 100

rng = random.Random(SEED)
LOW = ["r%d" % i for i in range(8)]
ANY = LOW + ["r8", "r9", "r10", "r12"]
CONDS = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"]
INVERT = {"eq": "ne", "ne": "eq", "cs": "cc", "cc": "cs", "mi": "pl", "pl": "mi", "vs": "vc", "vc": "vs",
          "hi": "ls", "ls": "hi", "ge": "lt", "lt": "ge", "gt": "le", "le": "gt"}


def reg():
    return rng.choice(ANY)


def low():
    return rng.choice(LOW)


def modimm():
    """A Thumb-2 modified immediate (A5.3.2)."""
    b = rng.randrange(256)
    kind = rng.randrange(5)
    if kind == 0:
        return b
    if kind == 1:
        return b | b << 16
    if kind == 2:
        return b << 8 | b << 24
    if kind == 3:
        return b * 0x01010101
    v = (b | 0x80) << 24
    rot = rng.randrange(24)
    return v >> rot


def shift():
    kind = rng.choice(["lsl", "lsr", "asr", "ror", "none", "none", "rrx"])
    if kind == "none":
        return ""
    if kind == "rrx":
        return ", rrx"
    return ", %s #%d" % (kind, rng.randrange(1, 32))


def s():
    return rng.choice(["s", ""])


def alu():
    op = rng.choice(["add", "adc", "sub", "sbc", "rsb", "and", "orr", "eor", "bic", "orn"])
    if rng.random() < 0.5:
        return "%s%s.w %s, %s, #%d" % (op, s(), reg(), reg(), modimm())
    return "%s%s.w %s, %s, %s%s" % (op, s(), reg(), reg(), reg(), shift())


def gen_one():
    k = rng.randrange(100)
    d, n, m, a = reg(), reg(), reg(), reg()
    if k < 18:
        return [alu()]
    if k < 21:
        sh = shift()
        return ["%s%s%s %s, %s%s" % (rng.choice(["mov", "mvn"]), s(), "" if sh else ".w", d, m, sh)]
    if k < 23:
        return ["%s %s, #%d" % (rng.choice(["movw", "movt"]), d, rng.randrange(65536))]
    if k < 26:
        return ["%s%s.w %s, %s, %s" % (rng.choice(["lsl", "lsr", "asr", "ror"]), s(), d, n, m)]
    if k < 29:
        return ["%s.w %s, %s%s" % (rng.choice(["cmp", "cmn", "tst", "teq"]), n, m, shift()),
                ] if rng.random() < 0.5 else ["%s.w %s, #%d" % (rng.choice(["cmp", "cmn", "tst", "teq"]), n, modimm())]
    if k < 31:
        x, y, z = low(), low(), low()
        return [rng.choice(["adds %s, %s, %s" % (x, y, z), "subs %s, %s, #%d" % (x, y, rng.randrange(8)),
                            "muls %s, %s, %s" % (x, y, x), "lsls %s, %s, #%d" % (x, y, rng.randrange(32)),
                            "negs %s, %s" % (x, y), "adcs %s, %s" % (x, y), "rors %s, %s" % (x, y)])]
    if k < 36:
        op = rng.choice(["mul", "mla", "mls", "umull", "smull", "umlal", "smlal", "umaal", "sdiv", "udiv"])
        if op in ("umull", "smull", "umlal", "smlal", "umaal"):
            lo, hi = rng.sample(ANY, 2)
            return ["%s %s, %s, %s, %s" % (op, lo, hi, n, m)]
        if op in ("mla", "mls"):
            return ["%s %s, %s, %s, %s" % (op, d, n, m, a)]
        return ["%s %s, %s, %s" % (op, d, n, m)]
    if k < 40:
        lsb = rng.randrange(32)
        width = rng.randrange(1, 33 - lsb)
        op = rng.choice(["bfi", "bfc", "ubfx", "sbfx"])
        if op == "bfc":
            return ["bfc %s, #%d, #%d" % (d, lsb, width)]
        return ["%s %s, %s, #%d, #%d" % (op, d, n, lsb, width)]
    if k < 43:
        op = rng.choice(["clz", "rbit", "rev", "rev16", "revsh"])
        return ["%s %s, %s" % (op, d, m)]
    if k < 47:
        op = rng.choice(["sxtb", "sxth", "uxtb", "uxth", "sxtb16", "uxtb16"])
        rot = rng.choice(["", ", ror #8", ", ror #16", ", ror #24"])
        if rng.random() < 0.5:
            return ["%s.w %s, %s%s" % (op, d, m, rot)] if op in ("sxtb", "sxth", "uxtb", "uxth") else \
                ["%s %s, %s%s" % (op, d, m, rot)]
        return ["%s %s, %s, %s%s" % (op.replace("xt", "xta", 1), d, n, m, rot)]
    if k < 56:
        op = rng.choice(["qadd8", "qsub8", "qadd16", "qsub16", "qasx", "qsax", "sadd8", "ssub8", "sadd16", "ssub16",
                         "sasx", "ssax", "uadd8", "usub8", "uadd16", "usub16", "uasx", "usax", "shadd8", "shsub16",
                         "uhadd8", "uhsub8", "uhasx", "shsax", "uqadd8", "uqsub16", "uqasx", "uqsax", "sel", "qadd",
                         "qsub", "qdadd", "qdsub", "usad8", "smuad", "smuadx", "smusd", "smusdx", "smmul",
                         "smmulr", "smulbb", "smulbt", "smultb", "smultt", "smulwb", "smulwt"])
        if op in ("qadd", "qsub", "qdadd", "qdsub"):
            return ["%s %s, %s, %s" % (op, d, m, n)]
        return ["%s %s, %s, %s" % (op, d, n, m)]
    if k < 60:
        op = rng.choice(["smlad", "smladx", "smlsd", "smlsdx", "smmla", "smmlar", "smmls", "smmlsr", "smlabb",
                         "smlabt", "smlatb", "smlatt", "smlawb", "smlawt", "usada8"])
        return ["%s %s, %s, %s, %s" % (op, d, n, m, a)]
    if k < 62:
        op = rng.choice(["smlald", "smlaldx", "smlsld", "smlsldx", "smlalbb", "smlalbt", "smlaltb", "smlaltt"])
        lo, hi = rng.sample(ANY, 2)
        return ["%s %s, %s, %s, %s" % (op, lo, hi, n, m)]
    if k < 65:
        sh = rng.choice(["", ", lsl #%d" % rng.randrange(1, 32), ", asr #%d" % rng.randrange(1, 32)])
        if rng.random() < 0.3:
            return ["%s %s, #%d, %s" % (rng.choice(["ssat16", "usat16"]), d, rng.randrange(1, 16), n)]
        op = rng.choice(["ssat", "usat"])
        return ["%s %s, #%d, %s%s" % (op, d, rng.randrange(1, 33) if op == "ssat" else rng.randrange(32), n, sh)]
    if k < 67:
        if rng.random() < 0.5:
            return ["pkhbt %s, %s, %s, lsl #%d" % (d, n, m, rng.randrange(32))]
        return ["pkhtb %s, %s, %s, asr #%d" % (d, n, m, rng.randrange(1, 33))]
    if k < 78:
        op, size, align = rng.choice([("ldr", 4, 1), ("ldrb", 1, 1), ("ldrh", 2, 1), ("ldrsb", 1, 1),
                                      ("ldrsh", 2, 1), ("str", 4, 1), ("strb", 1, 1), ("strh", 2, 1)])
        off = rng.randrange(0, 1024 - size)
        if rng.random() < 0.6:
            off &= ~(size - 1)
        if rng.random() < 0.25:
            # register offset: index bounded first
            return ["and %s, %s, #0xFF" % (m, m), "%s.w %s, [r11, %s, lsl #%d]" % (op, d, m, rng.randrange(3))] \
                if m != d else ["%s.w %s, [r11, #%d]" % (op, d, off)]
        if rng.random() < 0.2:
            mode = rng.choice(["[r10, #%d]!", "[r10], #%d", "[r10, #-%d]", "[r10, #-%d]!"]) % rng.randrange(0, 200)
            if d == "r10":
                d = "r0"
            return ["add r10, r11, #512", "%s %s, %s" % (op, d, mode)]
        return ["%s.w %s, [r11, #%d]" % (op, d, off)]
    if k < 81:
        off = rng.randrange(0, 200) * 4
        lo, hi = rng.sample([r for r in ANY if r != "r10"], 2)
        return ["%s %s, %s, [r11, #%d]" % (rng.choice(["ldrd", "strd"]), lo, hi, off)]
    if k < 85:
        regs = sorted(rng.sample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12], rng.randrange(2, 7)))
        lst = ", ".join("r%d" % r for r in regs)
        op = rng.choice(["ldmia", "stmia", "ldmdb", "stmdb"])
        wb = rng.choice(["!", ""])
        base = 256 if op.endswith("ia") else 768
        return ["add r10, r11, #%d" % base, "%s.w r10%s, {%s}" % (op, wb, lst)]
    if k < 87:
        off = rng.randrange(0, 64) * 4
        st = rng.choice([r for r in ANY if r not in (d, "r10")])
        size = rng.choice(["", "b", "h"])
        return ["add r10, r11, #%d" % off, "ldrex%s %s, [r10]" % (size, d if d != "r10" else "r0"),
                "add %s, %s, #1" % (n, n) if n != "r10" else "nop",
                "strex%s %s, %s, [r10]" % (size, st, n if n not in ("r10", st) else "r1" if st != "r1" else "r2")] \
            if rng.random() < 0.8 else ["clrex"]
    if k < 93:
        # IT block: 1-4 conditional instructions (non-flag-setting wide ALU, or narrow flag-less forms)
        cond = rng.choice(CONDS)
        count = rng.randrange(1, 5)
        pattern = "".join(rng.choice("te") for _ in range(count - 1))
        lines = ["it%s %s" % (pattern, cond)]
        conds = [cond] + [cond if c == "t" else INVERT[cond] for c in pattern]
        for i, c in enumerate(conds):
            op = rng.choice(["add", "sub", "eor", "orr", "and", "mov", "lsl", "mul", "ldr", "str"])
            last = i == len(conds) - 1
            if op == "mov":
                lines.append("mov%s %s, %s" % (c, reg(), reg()))
            elif op == "lsl":
                lines.append("lsl%s.w %s, %s, #%d" % (c, reg(), reg(), rng.randrange(1, 32)))
            elif op == "mul":
                lines.append("mul%s %s, %s, %s" % (c, reg(), reg(), reg()))
            elif op == "ldr" or op == "str":
                lines.append("%s%s.w %s, [r11, #%d]" % (op, c, reg(), rng.randrange(0, 256) * 4))
            elif last and rng.random() < 0.3:
                lines.append("%ss%s.w %s, %s, %s" % (op, c, reg(), reg(), reg()))  # flag-setting last in block
            else:
                lines.append("%s%s.w %s, %s, #%d" % (op, c, reg(), reg(), modimm()))
        return lines
    if k < 96:
        label = gen_one.label = getattr(gen_one, "label", 0) + 1
        skipped = [alu() for _ in range(rng.randrange(1, 3))]
        if rng.random() < 0.3:
            r = low()
            return ["%s %s, .Lskip%d" % (rng.choice(["cbz", "cbnz"]), r, label)] + skipped + [".Lskip%d:" % label]
        return ["b%s.%s .Lskip%d" % (rng.choice(CONDS), rng.choice(["n", "w"]), label)] + skipped + \
            [".Lskip%d:" % label]
    if k < 98:
        return ["mrs %s, apsr" % d, "eor %s, %s, %s" % (n, n, d)] if d != n else ["mrs %s, apsr" % d]
    return ["msr apsr_nzcvq, %s" % d] if rng.random() < 0.5 else ["msr apsr_g, %s" % d]


def main():
    out = ['    .file "soup.S"', "/* generated by soup.py (SEED=%d, BODY=%d, PASSES=%d) - do not edit, run build.sh */" % (SEED, BODY, PASSES),
           "    .syntax unified", "    .thumb", "    .text", "    .global main", "    .thumb_func", "main:",
           "    push {r4-r11, lr}", "    ldr r11, =soup_buffer", "    movs r0, #%d" % PASSES, "    str r0, [r11, #1020]",
           ".Lpass:", "    ldmia r11, {r0-r10, r12}", "    ldr lr, [r11, #1020]", "    add r0, r0, lr",
           "    eor r5, r5, lr, ror #7"]
    count = 0
    while count < BODY:
        for line in gen_one():
            out.append(line if line.endswith(":") else "    " + line)
            if not line.endswith(":") and not line.startswith("."):
                count += 1
        if count % 400 < 8:
            out.append("    b 1f")
            out.append("    .ltorg")
            out.append("1:")
    out += ["    stmia r11, {r0-r10, r12}", "    ldr r0, [r11, #1020]", "    subs r0, r0, #1",
            "    str r0, [r11, #1020]", "    bne.w .Lpass", "    pop {r4-r11, pc}",
            "    .ltorg",
            "    .data", "    .align 3", "    .global soup_buffer", "soup_buffer:"]
    for i in range(256):
        out.append("    .word 0x%08x" % rng.getrandbits(32))
    print("\n".join(out))


SEED_V6M = 61
BODY_V6M = 1200
PASSES_V6M = 30
V6_LOW = ["r%d" % i for i in range(7)]  # r7: the buffer's base
V6_HIGH = ["r8", "r9", "r10", "r11", "r12"]


def gen_v6m(r):
    """One ARMv6-M instruction group (a list of lines); r is the generator's Random."""
    lo = lambda: r.choice(V6_LOW)
    d, n, m = lo(), lo(), lo()
    k = r.randrange(100)
    if k < 14:
        op = r.choice(["ands", "eors", "orrs", "bics", "adcs", "sbcs", "tst", "cmp", "cmn", "mvns", "muls"])
        if op == "muls":
            return ["muls %s, %s, %s" % (d, n, d)]
        return ["%s %s, %s" % (op, d, m)]
    if k < 24:
        op = r.choice(["adds", "subs"])
        form = r.randrange(3)
        if form == 0:
            return ["%s %s, %s, %s" % (op, d, n, m)]
        if form == 1:
            return ["%s %s, %s, #%d" % (op, d, n, r.randrange(8))]
        return ["%s %s, #%d" % (op, d, r.randrange(256))]
    if k < 32:
        op = r.choice(["lsls", "lsrs", "asrs", "rors"])
        if op != "rors" and r.random() < 0.5:
            return ["%s %s, %s, #%d" % (op, d, m, r.randrange(32) if op == "lsls" else r.randrange(1, 33))]
        return ["%s %s, %s" % (op, d, m)]
    if k < 36:
        return [r.choice(["movs %s, #%d" % (d, r.randrange(256)), "negs %s, %s" % (d, m),
                          "cmp %s, #%d" % (n, r.randrange(256)), "movs %s, %s" % (d, m)])]
    if k < 44:
        h = r.choice(V6_HIGH)
        form = r.randrange(5)
        if form == 0:
            return ["mov %s, %s" % (h, m)]
        if form == 1:
            return ["mov %s, %s" % (d, h)]
        if form == 2:
            return ["add %s, %s" % (d, h)] if r.random() < 0.5 else ["add %s, %s" % (h, m)]
        if form == 3:
            return ["cmp %s, %s" % (h, m)] if r.random() < 0.5 else ["cmp %s, %s" % (n, h)]
        return ["mov %s, %s" % (h, r.choice(V6_HIGH))]
    if k < 49:
        return ["%s %s, %s" % (r.choice(["rev", "rev16", "revsh", "sxtb", "sxth", "uxtb", "uxth"]), d, m)]
    if k < 63:
        op, size = r.choice([("ldr", 4), ("str", 4), ("ldrb", 1), ("strb", 1), ("ldrh", 2), ("strh", 2),
                             ("ldrsb", 1), ("ldrsh", 2)])
        if op in ("ldrsb", "ldrsh") or r.random() < 0.35:
            if d == "r6":
                d = "r0"
            return ["movs r6, #%d" % (r.randrange(0, 256 // size) * size), "%s %s, [r7, r6]" % (op, d)]
        return ["%s %s, [r7, #%d]" % (op, d, r.randrange(32) * size)]
    if k < 68:
        regs = sorted(r.sample(range(7), r.randrange(1, 6)))
        op = r.choice(["ldm", "stm"])
        base = r.randrange(0, (256 - 4 * len(regs)) // 4) * 4
        if op == "stm":
            regs = [x for x in regs if x != 6] or [0]
        wb = "" if op == "ldm" and 6 in regs else "!"
        lst = ", ".join("r%d" % x for x in regs)
        return ["mov r6, r7", "adds r6, #%d" % base if base < 256 else "nop", "%s r6%s, {%s}" % (op, wb, lst)]
    if k < 73:
        a = sorted(r.sample(range(7), r.randrange(1, 5)))
        b = sorted(r.sample(range(7), len(a)))
        return ["push {%s}" % ", ".join("r%d" % x for x in a), "pop {%s}" % ", ".join("r%d" % x for x in b)]
    if k < 77:
        off = r.randrange(4) * 4
        return ["sub sp, #16", "str %s, [sp, #%d]" % (m, off), "ldr %s, [sp, #%d]" % (d, r.randrange(4) * 4),
                "add %s, sp, #%d" % (n, r.randrange(4) * 4), "add sp, #16", "subs %s, %s, %s" % (n, n, d)]
    if k < 81:
        label = gen_v6m.label = getattr(gen_v6m, "label", 0) + 1
        skipped = [gen_v6m_simple(r) for _ in range(r.randrange(1, 3))]
        return ["b%s .Lskip%d" % (r.choice(CONDS + ["al"]).replace("al", ""), label)] + skipped + \
            [".Lskip%d:" % label]
    if k < 85:
        leaf = r.randrange(4)
        if r.random() < 0.5:
            return ["bl soup_leaf%d" % leaf]
        if r.random() < 0.6:
            return ["ldr r6, =soup_leaf%d" % leaf, "blx r6"]
        # MOV PC / BX to a forward label: MOV writes the PC without interworking (bit 0 ignored), BX needs bit 0 set
        label = gen_v6m.label = getattr(gen_v6m, "label", 0) + 1
        jump = r.choice([["mov pc, r6"], ["adds r6, #1", "mov pc, r6"], ["adds r6, #1", "bx r6"]])
        return ["ldr r6, =.Lskip%d" % label] + jump + [gen_v6m_simple(r), ".Lskip%d:" % label]
    if k < 88:
        return [r.choice(["ldr %s, =0x%08x" % (d, r.getrandbits(32)), "add %s, pc" % d,
                          "ldr %s, [r7, #%d]" % (d, r.randrange(32) * 4)])]
    if k < 94:
        return [r.choice(["mrs %s, apsr" % d, "mrs %s, primask" % d, "mrs %s, control" % d,
                          "mrs %s, ipsr" % d, "mrs %s, epsr" % d, "mrs %s, xpsr" % d]),
                "eors %s, %s" % (n, d) if n != d else "nop"]
    if k < 96:
        return ["msr apsr_nzcvq, %s" % d]
    if k < 97:
        return [r.choice(["cpsid i", "cpsie i"]), "mrs %s, primask" % d]
    return [r.choice(["dmb", "dsb", "isb", "nop"])]


def gen_v6m_simple(r):
    d, m = r.choice(V6_LOW), r.choice(V6_LOW)
    return r.choice(["adds %s, %s, #1" % (d, m), "eors %s, %s" % (d, m), "lsrs %s, %s, #3" % (d, m),
                     "mov r9, %s" % m])


def main_v6m():
    r = random.Random(SEED_V6M)
    out = ['    .file "soup-v6m.S"',
           "/* generated by soup.py --armv6m (SEED=%d, BODY=%d, PASSES=%d) - do not edit, run build.sh */"
           % (SEED_V6M, BODY_V6M, PASSES_V6M),
           "    .syntax unified", "    .thumb", "    .text", "    .global main", "    .thumb_func", "main:",
           "    push {r4-r7, lr}", "    ldr r7, =soup_buffer", "    movs r0, #%d" % PASSES_V6M,
           "    ldr r1, =soup_passes", "    str r0, [r1]",
           ".Lpass:"]
    # hi registers from words 7-11, low from 0-6; the pass number mixed in
    for i, h in enumerate(V6_HIGH):
        out += ["    ldr r0, [r7, #%d]" % (28 + 4 * i), "    mov %s, r0" % h]
    out += ["    mov r6, r7", "    ldm r6, {r0-r6}", "    ldr r6, =soup_passes", "    ldr r6, [r6]",
            "    adds r0, r0, r6", "    rors r5, r6"]
    count = 0
    since_pool = 0
    while count < BODY_V6M:
        for line in gen_v6m(r):
            out.append(line if line.endswith(":") else "    " + line)
            if not line.endswith(":"):
                count += 1
                since_pool += 1
        if since_pool > 150:
            out += ["    b 1f", "    .ltorg", "1:"]
            since_pool = 0
    out += ["    str r6, [r7, #24]", "    mov r6, r7", "    stm r6!, {r0-r5}"]
    for i, h in enumerate(V6_HIGH):
        out += ["    mov r0, %s" % h, "    str r0, [r7, #%d]" % (28 + 4 * i)]
    out += ["    ldr r1, =soup_passes", "    ldr r0, [r1]", "    subs r0, #1", "    str r0, [r1]",
            "    beq .Lexit", "    ldr r0, =.Lpass + 1", "    bx r0",
            ".Lexit:", "    pop {r4-r7, pc}"]
    leaf_ops = [["adds r0, r0, r1"], ["lsls r2, r3", "eors r1, r2"], ["mov r0, lr", "subs r0, r4, r0"],
                ["muls r5, r4, r5", "mrs r3, apsr"]]
    for i, ops in enumerate(leaf_ops):
        out += ["    .thumb_func", "soup_leaf%d:" % i] + ["    " + o for o in ops] + ["    bx lr"]
    out += ["    .ltorg", "    .data", "    .align 3", "    .global soup_buffer", "soup_buffer:"]
    for i in range(64):
        out.append("    .word 0x%08x" % r.getrandbits(32))
    out += ["soup_passes:", "    .word 0"]
    print("\n".join(out))


if __name__ == "__main__":
    if sys.argv[1:] == ["--armv6m"]:
        main_v6m()
    else:
        main()
