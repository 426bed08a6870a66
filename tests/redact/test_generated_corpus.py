"""The generated set of obfuscated personal data: almost all of it masked, nothing around it."""

from __future__ import annotations

from collections import Counter

from atazan_redact import find
from atazan_redact.samples import LANGUAGES, SAMPLE_KINDS, covered, obfuscated_samples, stray

SAMPLES = obfuscated_samples(count=2500, seed=2026)
#: The share of samples whose letters and digits must all be masked (the security review's bar).
REQUIRED_SHARE = 0.995


def test_the_generated_set_is_large_and_covers_every_kind_and_language() -> None:
    assert len(SAMPLES) >= 2000
    assert {(s.kind, s.language) for s in SAMPLES} == {
        (kind, language) for kind in SAMPLE_KINDS for language in LANGUAGES
    }
    # The obfuscations are really there: invisible characters, other digits, spelled-out "at".
    assert sum(any(c in s.value for c in "\u200b\u200c\u200d\u2060\ufeff") for s in SAMPLES) > 200
    assert sum(any(not c.isascii() and c.isdigit() for c in s.value) for s in SAMPLES) > 200
    assert sum("at" in s.value.lower() or "собака" in s.value for s in SAMPLES) > 100


def test_at_least_99_5_percent_of_the_obfuscated_values_are_masked() -> None:
    missed = [s for s in SAMPLES if not covered(s, find(s.text))]
    share = 1 - len(missed) / len(SAMPLES)
    by_kind = Counter(s.kind for s in missed)
    assert share >= REQUIRED_SHARE, (share, by_kind, [s.text for s in missed[:5]])


def test_the_masks_stay_on_the_personal_data() -> None:
    # Each sentence also cites articles, dates, years, amounts and percentages.
    wrong = [(s.text, [f.value for f in stray(s, find(s.text))]) for s in SAMPLES]
    wrong = [w for w in wrong if w[1]]
    assert wrong == []
