"""A generated campaign benchmark: form letters with edits mixed into real proposals.

Templates are taken from the real proposals themselves, so the letters look
like the rest of the data; each sender's copy is then edited the ways people
edit form letters: a greeting and a signature added, sentences reordered or
dropped, words swapped for synonyms, a typo, a line about themselves.
Scoring counts pairs: precision is the share of pairs put in one campaign
that truly belong to one; recall is the share of true pairs found.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from atazan_analysis.records import Record
from atazan_analysis.textprep import prepare

GREETINGS = [
    "Hola,",
    "Buenos días.",
    "Estimados señores:",
    "A la atención del Ayuntamiento:",
    "Buenas tardes,",
    "Saludos cordiales.",
    "Me dirijo a ustedes para apoyar esta propuesta.",
]
SIGN_OFFS = [
    "Un saludo, {name}.",
    "Gracias por su atención.",
    "Atentamente, {name}",
    "Firmado: {name}, vecino del barrio.",
    "Espero que se tenga en cuenta.",
    "Muchas gracias.",
]
PERSONAL = [
    "Vivo en {place} desde hace {years} años.",
    "Soy vecina de {place} y lo sufro cada día.",
    "Mis hijos van al colegio en {place}.",
    "Trabajo en {place} y paso por allí a diario.",
]
SYNONYMS = {
    "calle": "vía",
    "barrio": "distrito",
    "vecinos": "residentes",
    "mejorar": "optimizar",
    "necesario": "imprescindible",
    "zona": "área",
    "crear": "construir",
    "instalar": "poner",
    "solicito": "pido",
    "propongo": "planteo",
    "parque": "jardín",
    "seguridad": "protección",
    "grande": "amplio",
    "muchos": "numerosos",
    "problema": "inconveniente",
    "ciudad": "municipio",
    "niños": "menores",
    "coches": "vehículos",
    "falta": "carencia",
    "nuevo": "otro",
}
NAMES = [
    "Lucía Martín",
    "Javier Gómez",
    "Carmen Ruiz",
    "Andrés López",
    "Marta Sanz",
    "Pablo Díaz",
    "Elena Moreno",
]
PLACES = [
    "Vallecas",
    "Carabanchel",
    "Hortaleza",
    "Usera",
    "Chamberí",
    "Latina",
    "Moratalaz",
    "Tetuán",
]


@dataclass
class CampaignBenchmark:
    records: list[Record]
    truth: dict[str, str]  # record id -> campaign name, for generated letters and their templates


def _edit(rng: random.Random, text: str) -> str:
    sentences = [s.strip() for s in text.replace("\n", " ").split(". ") if s.strip()]
    if len(sentences) > 2 and rng.random() < 0.5:
        i, j = rng.sample(range(len(sentences)), 2)
        sentences[i], sentences[j] = sentences[j], sentences[i]
    if len(sentences) > 4 and rng.random() < 0.3:
        sentences.pop(rng.randrange(len(sentences)))
    words = " . ".join(sentences).split(" ")
    for k, word in enumerate(words):
        bare = word.lower().strip(",;:")
        if bare in SYNONYMS and rng.random() < 0.5:
            words[k] = word.lower().replace(bare, SYNONYMS[bare])
        elif len(word) > 5 and rng.random() < 0.02:
            cut = rng.randrange(1, len(word) - 2)
            words[k] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
        elif rng.random() < 0.02:
            words[k] = ""
    body = " ".join(w for w in words if w).replace(" . ", ". ")
    parts = []
    if rng.random() < 0.6:
        parts.append(rng.choice(GREETINGS))
    if rng.random() < 0.3:
        parts.append(
            rng.choice(PERSONAL).format(place=rng.choice(PLACES), years=rng.randint(2, 40))
        )
    parts.append(body)
    if rng.random() < 0.7:
        parts.append(rng.choice(SIGN_OFFS).format(name=rng.choice(NAMES)))
    return " ".join(parts)


def build(
    real: Sequence[Record], campaigns: int = 40, seed: int = 7, min_words: int = 40
) -> CampaignBenchmark:
    """Real records plus ``campaigns`` generated campaigns of 5 to 60 letters each."""
    rng = random.Random(seed)
    cleaned = [(r, prepare(r.text, r.title)) for r in real]
    # A template must be unique in the real data: a real proposal sent many times is a real
    # campaign already, and pairs with its real copies would be counted as errors.
    openings: dict[str, int] = defaultdict(int)
    titles: dict[str, int] = defaultdict(int)
    for r, p in cleaned:
        openings[" ".join(p.words[:10])] += 1
        titles[r.title.strip().lower()] += 1
    candidates = [
        r
        for r, p in cleaned
        if len(p.words) >= min_words
        and openings[" ".join(p.words[:10])] == 1
        and (not r.title.strip() or titles[r.title.strip().lower()] == 1)
    ]
    templates = rng.sample(candidates, min(campaigns, len(candidates)))
    records = list(real)
    truth: dict[str, str] = {}
    for number, template in enumerate(templates, start=1):
        name = f"campaign-{number}"
        truth[template.id] = name
        text = prepare(template.text).text
        for copy in range(rng.randint(5, 60)):
            record_id = f"gen-{number}-{copy}"
            records.append(
                Record(record_id, _edit(rng, text), template.title if rng.random() < 0.5 else "")
            )
            truth[record_id] = name
    order = list(range(len(records)))
    rng.shuffle(order)
    return CampaignBenchmark([records[i] for i in order], truth)


def _pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            found.add((a, b))
    return found


def score(benchmark: CampaignBenchmark, campaign_of: dict[str, str]) -> dict[str, float]:
    """Pairwise precision and recall over pairs that involve a generated campaign."""
    truth_groups: dict[str, list[str]] = defaultdict(list)
    for record_id, name in benchmark.truth.items():
        truth_groups[name].append(record_id)
    predicted_groups: dict[str, list[str]] = defaultdict(list)
    for record_id, campaign in campaign_of.items():
        predicted_groups[campaign].append(record_id)
    true_pairs = _pairs(truth_groups)
    predicted = {
        p for p in _pairs(predicted_groups) if p[0] in benchmark.truth or p[1] in benchmark.truth
    }
    hits = len(true_pairs & predicted)
    background = {r for r in campaign_of if r not in benchmark.truth}
    return {
        "precision": hits / len(predicted) if predicted else 1.0,
        "recall": hits / len(true_pairs) if true_pairs else 1.0,
        "true_pairs": float(len(true_pairs)),
        "generated_letters": float(sum(1 for r in benchmark.truth if r.startswith("gen-"))),
        "real_proposals_in_campaigns": float(len(background)),
    }
