"""Benchmark of personal-data masking (atazan_redact): recall on obfuscated data, false
positives on real texts, speed.

1. The generated set (``atazan_redact.samples.obfuscated_samples``, seed 2026):
   IINs/BINs, phones, e-mail addresses, postal addresses and document numbers
   written to slip past a filter (no-break spaces, tabs, slashes, other
   digit scripts, zero-width and bidi characters, "[at]", "собака") inside
   Kazakh, Russian and English sentences that also cite articles, dates and
   amounts. Reports the share whose letters and digits are all masked, by
   kind and language, and the masks that fell outside the personal data.
2. The real texts in ../shared/data (Madrid proposals, Chile 2016 assemblies;
   Spanish, no Kazakh personal data): how many numbers were masked, each
   shown with its context. Skipped with a message when ../shared/data is absent.
3. Speed: texts per second for ``find()`` and for ``redact()`` with the
   submitter's known values, against two baselines over the same texts in
   the same process: ``str.casefold`` and a plain regular-expression pass
   (one e-mail, one 12-digit and one phone pattern, no normalisation), the
   median of several rounds.

Run: .venv/bin/python bench/bench_redact.py [--count 2500] [--rounds 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from atazan_redact import find, redact  # noqa: E402
from atazan_redact.samples import (  # noqa: E402
    LANGUAGES,
    SAMPLE_KINDS,
    covered,
    obfuscated_samples,
    real_texts,
    stray,
)

SHARED_DATA = ROOT.parent / "shared" / "data"
NUMBER_KINDS = ("iin", "phone", "document", "address")

#: The baseline: one plain pass of the kind the detectors started from (no normalisation).
_PLAIN = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"
    r"|(?<!\d)(?:\d{12}|\d{6}[ -]\d{6}|\d{4}[ -]\d{4}[ -]\d{4})(?!\d)"
    r"|(?<![\w+])(?:\+\s?)?\(?\d[\d\s().-]{8,22}\d(?!\w)"
)


def plain_pass(text: str) -> str:
    return _PLAIN.sub("⟦x⟧", text)


def rate(label: str, texts: list[str], fn: Callable[[str], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    per_second = len(texts) / median
    print(f"  {label:<44} {per_second:>12,.0f} texts/s  ({median * 1000:8.1f} ms)")
    return per_second


def generated(count: int) -> list[str]:
    samples = obfuscated_samples(count=count, seed=2026)
    results = [(s, find(s.text)) for s in samples]
    masked = [s for s, found in results if covered(s, found)]
    print(f"Generated set: {len(samples):,} obfuscated values in kk/ru/en sentences (seed 2026)")
    print(f"  masked whole: {len(masked):,} of {len(samples):,} = {len(masked) / len(samples):.2%}")
    done = Counter(s.kind for s in masked)
    total = Counter(s.kind for s in samples)
    print("  by kind:     " + ", ".join(f"{k} {done[k]}/{total[k]}" for k in SAMPLE_KINDS))
    done = Counter(s.language for s in masked)
    total = Counter(s.language for s in samples)
    print("  by language: " + ", ".join(f"{k} {done[k]}/{total[k]}" for k in LANGUAGES))
    outside = [f for s, found in results for f in stray(s, found)]
    print(f"  masks outside the personal data (articles, dates, amounts): {len(outside)}")
    for s, found in results:
        if not covered(s, found):
            print(f"    missed {s.kind}: {s.text!r}")
    return [s.text for s in samples]


def real(texts: list[str]) -> None:
    with_digits = [t for t in texts if any(c.isdigit() for c in t)]
    numbers = sum(len(re.findall(r"\d+", t)) for t in texts)
    print(
        f"Real texts ({SHARED_DATA}): {len(texts):,} texts, {len(with_digits):,} with digits, "
        f"{numbers:,} numbers"
    )
    found = [(t, f) for t in texts for f in find(t)]
    kinds = Counter(f.kind for _, f in found)
    wrong_numbers = [(t, f) for t, f in found if f.kind in NUMBER_KINDS]
    print(f"  findings: {sum(kinds.values())} ({dict(kinds) or 'none'})")
    print(f"  numbers masked by mistake (iin, phone, document, address): {len(wrong_numbers)}")
    for text, f in found[:20]:
        context = text[max(0, f.start - 40) : f.end + 20]
        print(f"    {f.kind}: {context!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}")

    samples = generated(args.count)
    print()
    texts: list[str] = []
    if SHARED_DATA.is_dir():
        texts = real_texts(SHARED_DATA)
        real(texts)
    else:
        print(f"Real texts: skipped, {SHARED_DATA} is not present")
    print()

    known = [
        ("name", "Айгерім Сәдуақасова"),
        ("iin", "900102300121"),
        ("email", "aigerim@example.kz"),
        ("phone", "+7 701 123 45 67"),
    ]
    sets = [("generated", samples)] + ([("real", texts)] if texts else [])
    for name, items in sets:
        print(f"Speed on the {name} texts ({len(items):,} texts, {sum(map(len, items)):,} chars):")
        base = rate("baseline: str.casefold", items, str.casefold, args.rounds)
        plain = rate("baseline: plain regex pass", items, plain_pass, args.rounds)
        found = rate("find()", items, find, args.rounds)
        rate(
            "redact() with 4 known values (public_copy)",
            items,
            lambda t: redact(t, known=known),
            args.rounds,
        )
        print(
            f"  find() costs {base / found:.1f}× str.casefold, {plain / found:.1f}× the plain pass"
        )


if __name__ == "__main__":
    main()
