"""The voting units of a Kazakhstan referendum since June 2022, plus voters abroad.

Seventeen oblasts and three cities of republican significance (Astana the
capital, Almaty, Shymkent) are the twenty units the law counts; precincts
abroad form their own group. Each unit has a tile on a cartogram: a grid
that keeps the country's rough shape while giving every unit the same area,
so a small unit is as visible as a large one. Populations (thousands, 1
January 2026) size the demo data; those not in the domain facts are rounded
public estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

from atazan_results.law import ABROAD


@dataclass(frozen=True)
class UnitInfo:
    code: str
    kind: str  # "region", "city" or "abroad"
    name_en: str
    name_ru: str
    name_kk: str
    short: str  # three Cyrillic letters for a tile
    short_en: str  # three Latin letters for a tile
    col: int
    row: int
    population_thousands: int


UNITS_2026: tuple[UnitInfo, ...] = (
    UnitInfo(
        "west_kazakhstan",
        "region",
        "West Kazakhstan Region",
        "Западно-Казахстанская область",
        "Батыс Қазақстан облысы",
        "ЗКО",
        "WKZ",
        0,
        0,
        690,
    ),
    UnitInfo(
        "kostanay",
        "region",
        "Kostanay Region",
        "Костанайская область",
        "Қостанай облысы",
        "КСТ",
        "KOS",
        2,
        0,
        830,
    ),
    UnitInfo(
        "north_kazakhstan",
        "region",
        "North Kazakhstan Region",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
        "СКО",
        "NKZ",
        3,
        0,
        530,
    ),
    UnitInfo(
        "pavlodar",
        "region",
        "Pavlodar Region",
        "Павлодарская область",
        "Павлодар облысы",
        "ПВЛ",
        "PAV",
        4,
        0,
        750,
    ),
    UnitInfo(
        "atyrau",
        "region",
        "Atyrau Region",
        "Атырауская область",
        "Атырау облысы",
        "АТР",
        "ATY",
        0,
        1,
        700,
    ),
    UnitInfo(
        "aktobe",
        "region",
        "Aktobe Region",
        "Актюбинская область",
        "Ақтөбе облысы",
        "АКТ",
        "AKT",
        1,
        1,
        930,
    ),
    UnitInfo(
        "ulytau",
        "region",
        "Ulytau Region",
        "Улытауская область",
        "Ұлытау облысы",
        "УЛТ",
        "ULY",
        2,
        1,
        220,
    ),
    UnitInfo(
        "akmola",
        "region",
        "Akmola Region",
        "Акмолинская область",
        "Ақмола облысы",
        "АКМ",
        "AKM",
        3,
        1,
        790,
    ),
    UnitInfo("astana", "city", "Astana", "город Астана", "Астана қаласы", "АСТ", "AST", 4, 1, 1640),
    UnitInfo(
        "abai", "region", "Abai Region", "Абайская область", "Абай облысы", "АБА", "ABA", 5, 1, 600
    ),
    UnitInfo(
        "east_kazakhstan",
        "region",
        "East Kazakhstan Region",
        "Восточно-Казахстанская область",
        "Шығыс Қазақстан облысы",
        "ВКО",
        "EKZ",
        6,
        1,
        730,
    ),
    UnitInfo(
        "mangystau",
        "region",
        "Mangystau Region",
        "Мангистауская область",
        "Маңғыстау облысы",
        "МНГ",
        "MAN",
        0,
        2,
        780,
    ),
    UnitInfo(
        "kyzylorda",
        "region",
        "Kyzylorda Region",
        "Кызылординская область",
        "Қызылорда облысы",
        "КЗЛ",
        "KZY",
        1,
        2,
        840,
    ),
    UnitInfo(
        "karaganda",
        "region",
        "Karaganda Region",
        "Карагандинская область",
        "Қарағанды облысы",
        "КРГ",
        "KAR",
        3,
        2,
        1130,
    ),
    UnitInfo(
        "zhetysu",
        "region",
        "Zhetysu Region",
        "Жетысуская область",
        "Жетісу облысы",
        "ЖТС",
        "ZHE",
        5,
        2,
        700,
    ),
    UnitInfo(
        "turkistan",
        "region",
        "Turkistan Region",
        "Туркестанская область",
        "Түркістан облысы",
        "ТРК",
        "TUR",
        1,
        3,
        2150,
    ),
    UnitInfo(
        "shymkent", "city", "Shymkent", "город Шымкент", "Шымкент қаласы", "ШМК", "SHY", 2, 3, 1290
    ),
    UnitInfo(
        "zhambyl",
        "region",
        "Zhambyl Region",
        "Жамбылская область",
        "Жамбыл облысы",
        "ЖМБ",
        "ZHA",
        3,
        3,
        1220,
    ),
    UnitInfo(
        "almaty_region",
        "region",
        "Almaty Region",
        "Алматинская область",
        "Алматы облысы",
        "АЛО",
        "ALR",
        4,
        3,
        1600,
    ),
    UnitInfo("almaty", "city", "Almaty", "город Алматы", "Алматы қаласы", "АЛА", "ALA", 5, 3, 2350),
    UnitInfo(ABROAD, "abroad", "Abroad", "За рубежом", "Шетелде", "ШЕТ", "ABR", 6, 3, 0),
)

UNIT_BY_CODE: dict[str, UnitInfo] = {u.code: u for u in UNITS_2026}
TERRITORIAL_CODES: tuple[str, ...] = tuple(u.code for u in UNITS_2026 if u.kind != "abroad")
