#!/usr/bin/env python3
"""c2-disassemble.py — the machine code C2 compiled for one method, without the hsdis plugin.

    java -XX:CompileCommand=print,CLASS::METHOD ... > print.txt
    bench/tools/c2-disassemble.py print.txt > method.asm

The JVM prints a compiled method's code as hex words when no disassembler is installed; this takes the last C2 (tier
4) compilation in the file, joins its words from the verified entry point to the stub code, and disassembles them
with binutils' objdump (x86-64). Count what a hot loop holds: `grep -c vfmadd method.asm`, spills as `(%rsp)`
operands, bounds checks as cmp/jae pairs.
"""
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: c2-disassemble.py PRINT_OUTPUT (from -XX:CompileCommand=print,CLASS::METHOD)")
    lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("Compiled method (c2)")]
    if not starts:
        sys.exit("c2-disassemble.py: no C2 compilation in " + sys.argv[1] + " (did the method get hot?)")
    code, inside = bytearray(), False
    for line in lines[starts[-1]:]:
        if line.startswith("[Verified Entry Point]"):
            inside = True
            continue
        if line.startswith("[Stub Code]"):
            break
        match = re.match(r"\s*0x[0-9a-f]+: (.*)", line) if inside else None
        if match and not match.group(1).startswith(";"):
            for word in match.group(1).split("|"):
                word = word.strip().replace(" ", "")
                if re.fullmatch(r"[0-9a-f]+", word):
                    code += bytes.fromhex(word)
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(code)
        f.flush()
        subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", f.name], check=True)


if __name__ == "__main__":
    main()
