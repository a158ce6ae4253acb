#!/usr/bin/env python3
"""Validate the second-entry CSVs of report C against the OCR source.

Checks, for every row of every CSV in this folder:
  1. the snippet occurs in the source after collapsing whitespace (hard check);
  2. how many times it occurs (warn if >1: possibly ambiguous);
  3. for rows with a numeric case (1-7): the snippet lies inside that case's
     narrative section ('Case N:' .. next section), or is that case's Table 1 row,
     or itself names 'case N' (warn otherwise);
  4. measurements.csv: the 'printed' field occurs inside the snippet (hard check);
     facts.csv: same check, reported as a warning only (some 'printed' fields
     abbreviate a longer phrase).
Exit status 1 if any hard check fails.
"""
import csv, glob, os, re, sys

SRC = "/work/shared/sources/003_b98ce3abb191c710.txt"
HERE = os.path.dirname(os.path.abspath(__file__))
col = lambda t: re.sub(r"\s+", " ", t).strip()
TEXT = col(open(SRC, encoding="utf-8").read())

# case narrative sections
starts = [TEXT.index(f"Case {n}:") for n in range(1, 8)]
disc = TEXT.index("Discussion CAR T-cell therapy refers")
SECT = {n: (starts[n - 1], starts[n] if n < 7 else disc) for n in range(1, 8)}
T1ROW = {1: "1 5.58, F", 2: "2 2.75, M", 3: "3 0.33, F", 4: "4 792, F", 5: "5 417, M", 6: "6 0.4, M", 7: "7 11.83, M"}

hard, warn, total = [], [], 0
for path in sorted(glob.glob(os.path.join(HERE, "*.csv"))):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for i, r in enumerate(rows, start=2):  # line number in file (header = 1)
        total += 1
        sn = col(r["snippet"])
        where = f"{name}:{i}"
        if not sn or sn not in TEXT:
            hard.append(f"{where} snippet not found: {sn[:80]!r}")
            continue
        n_occ = TEXT.count(sn)
        if n_occ > 1:
            warn.append(f"{where} snippet occurs {n_occ} times: {sn[:60]!r}")
        case = (r.get("case") or "").strip()
        if case.isdigit():
            c = int(case)
            a, b = SECT[c]
            pos = [m.start() for m in re.finditer(re.escape(sn), TEXT)]
            ok = any(a <= p < b for p in pos) or sn.startswith(T1ROW[c]) \
                or re.search(rf"\bcase {c}\b", sn, re.I)
            if not ok:
                warn.append(f"{where} case {c}: snippet outside 'Case {c}:' section and does not name the case: {sn[:60]!r}")
        pr = col(r.get("printed") or "")
        if pr and name in ("measurements.csv", "facts.csv") and pr not in sn:
            (hard if name == "measurements.csv" else warn).append(f"{where} printed {pr!r} not in snippet")

print(f"rows checked: {total}")
print(f"hard failures: {len(hard)}")
for h in hard:
    print("  FAIL", h)
print(f"warnings: {len(warn)}")
for w in warn:
    print("  WARN", w)
sys.exit(1 if hard else 0)
