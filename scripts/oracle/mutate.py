#!/usr/bin/env python3
"""@fileoverview Makes deterministic token-level mutants of Python files for the oracle's --mutants mode.

Usage: python3 scripts/oracle/mutate.py SEED COUNT OUTDIR < file-list

Reads source paths (one per line) on stdin, keeps UTF-8 files under 64 KB, and writes COUNT mutants
OUTDIR/m00000.py ... each with one random edit at a random token: delete it, insert a token from a
fixed list before it, duplicate it, or swap it with the next token. Most mutants are invalid Python,
which tests that our parser rejects what CPython rejects (and accepts what it accepts). The same
SEED and file list give the same mutants.
"""

import io
import os
import random
import sys
import tokenize

INSERTS = [
    "(", ")", "[", "]", "{", "}", ":", ",", "=", "if", "else", "lambda", "*", "**", "await", "async",
    "yield", "not", ".", "...", ";", "\n", "    ", "\\\n", 'f"{', '"', "'", "match", "case", "type",
    ":=", "->", "@", "del", "return", "import", "from", "as", "is", "in", "global", "pass", "\t", "#",
    "'''", "0x", "1_", "\\", "!", "?", "$", "`",
]


def main():
    seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    sources = []
    for line in sys.stdin:
        path = line.rstrip("\r\n")
        try:
            if not path or os.path.getsize(path) > 64 * 1024:
                continue
            text = open(path, "rb").read().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        sources.append(text)
    if not sources:
        sys.exit("mutate.py: no usable UTF-8 source files")
    os.makedirs(outdir, exist_ok=True)
    made = 0
    attempts = 0
    while made < count and attempts < count * 20:
        attempts += 1
        text = rng.choice(sources)
        try:
            toks = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                    if t.type not in (tokenize.ENDMARKER, tokenize.DEDENT, tokenize.INDENT)]
        except (tokenize.TokenError, SyntaxError, IndentationError):
            continue
        if len(toks) < 5:
            continue
        starts = [0]
        for src_line in text.splitlines(keepends=True):
            starts.append(starts[-1] + len(src_line))

        def offset(pos):
            return starts[pos[0] - 1] + pos[1] if pos[0] - 1 < len(starts) else len(text)

        j = rng.randrange(len(toks))
        a, b = offset(toks[j].start), offset(toks[j].end)
        op = rng.random()
        if op < 0.4:
            new = text[:a] + text[b:]
        elif op < 0.7:
            new = text[:a] + rng.choice(INSERTS) + text[a:]
        elif op < 0.85:
            new = text[:b] + " " + text[a:b] + text[b:]
        else:
            if j + 1 >= len(toks):
                continue
            c, d = offset(toks[j + 1].start), offset(toks[j + 1].end)
            if c < b:
                continue
            new = text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
        with open(os.path.join(outdir, f"m{made:05d}.py"), "w", encoding="utf-8", errors="surrogatepass", newline="") as fh:
            fh.write(new)
        made += 1
    print(made)


if __name__ == "__main__":
    main()
