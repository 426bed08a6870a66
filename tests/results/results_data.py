"""Official referendum totals (domain facts) and helpers that build protocols."""

from __future__ import annotations

from collections.abc import Sequence

from atazan_results import Figures, Protocol

#: 15 March 2026, new Constitution: 20 units, yes won in every one.
OFFICIAL_2026 = Figures(
    registered=12_482_613,
    received=9_127_192,
    issued=9_127_192,
    yes=7_954_667,
    no=898_099,
    invalid=146_558,
    not_counted=127_868,
)
#: 5 June 2022, amendments: 17 units then, yes won in all of them.
OFFICIAL_2022 = Figures(
    registered=11_734_642,
    received=7_985_769,
    issued=7_985_769,
    yes=6_163_516,
    no=1_490_470,
    invalid=205_924,
    not_counted=125_859,
)


def _split(total: int, weights: Sequence[int]) -> list[int]:
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def split_into_units(total: Figures, weights: Sequence[int], prefix: str = "u") -> list[Protocol]:
    """One protocol per unit whose figures add up exactly to ``total``.

    Yes, no, invalid and not counted are shared out in proportion to the
    weights; issued follows from them, so every unit satisfies its relations.
    """
    columns = {
        name: _split(getattr(total, name), weights)
        for name in ("registered", "yes", "no", "invalid", "not_counted", "spoiled", "unused")
    }
    protocols = []
    for i in range(len(weights)):
        issued = sum(columns[n][i] for n in ("yes", "no", "invalid", "not_counted"))
        figures = Figures(
            registered=columns["registered"][i],
            received=issued + columns["spoiled"][i] + columns["unused"][i],
            issued=issued,
            yes=columns["yes"][i],
            no=columns["no"][i],
            invalid=columns["invalid"][i],
            not_counted=columns["not_counted"][i],
            spoiled=columns["spoiled"][i],
            unused=columns["unused"][i],
        )
        code = f"{prefix}{i + 1:02d}"
        protocols.append(Protocol(code, f"{code}-d", f"{code}-p", figures))
    return protocols


def precinct(
    unit: str,
    code: str,
    registered: int,
    voted: int,
    yes: int,
    *,
    invalid: int = 0,
    not_counted: int = 0,
    spoiled: int = 0,
    unused: int = 0,
    district: str = "",
    kind: str = "station",
) -> Protocol:
    """A consistent protocol from the few figures a test cares about."""
    no = voted - yes - invalid - not_counted
    figures = Figures(
        registered=registered,
        received=voted + spoiled + unused,
        issued=voted,
        yes=yes,
        no=no,
        invalid=invalid,
        not_counted=not_counted,
        spoiled=spoiled,
        unused=unused,
    )
    return Protocol(unit, district or f"{unit}-1", code, figures, kind)
