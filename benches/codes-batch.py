#!/usr/bin/env python3
"""Writes N codes, one a line, for timing `recordlint code` on a batch (docs/BENCHMARKS.md):
70% real codes of every system (valid, headings, retired, bad check digits, unknown) and 30%
random letters and digits. Deterministic: `python3 benches/codes-batch.py 1000000 > codes.txt`."""
import random
import sys

CODES = ["E11.9", "E11", "E1165", "S52.501", "S52.501A", "Z00.00", "I10", "J45.909", "0016070",
         "0016O70", "99213", "G0008", "A0425", "1234567893", "1234567890", "2345-7", "2345-8",
         "22298006", "00002-1433-80", "0002-1433-80", "XYZ", "E11.99", "R69", "O80", "Q21.1", "F32.A"]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

random.seed(1)
out = sys.stdout
out.write(f"# {int(sys.argv[1]):,} codes\n")
for i in range(int(sys.argv[1])):
    if random.random() < 0.7:
        out.write(CODES[i % len(CODES)] + "\n")
    else:
        length = random.choice([3, 4, 5, 6, 7, 10])
        out.write("".join(random.choice(LETTERS) for _ in range(length)) + "\n")
