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


# --- Short form letters --------------------------------------------------------------------
#
# Three or four sentences (40 to 70 words) leave little to compare: one dropped sentence, a
# greeting, a signature and two typos change a third of the text. Each seed below has a
# "decoy": another letter on the same topic that shares a phrase with it, which must stay
# apart from the campaign.

#: (language, campaign template, decoy on the same topic sharing a phrase)
SHORT_SEEDS: list[tuple[str, str, str]] = [
    (
        "ru",
        "Предлагаем сократить число депутатов Мажилиса и ввести обязательные ежегодные отчёты "
        "каждого депутата перед избирателями своего округа. Отчёты должны публиковаться на сайте "
        "парламента и обсуждаться на открытых встречах с жителями. Депутат, не отчитавшийся два "
        "года подряд, должен терять мандат. Так граждане будут знать, за что голосуют их "
        "представители.",
        "Предлагаем ввести обязательные ежегодные отчёты министров перед Мажилисом. Каждый "
        "министр должен лично отвечать на вопросы депутатов о расходах своего ведомства и о "
        "выполнении программ. Стенограммы таких заседаний нужно публиковать полностью. Это "
        "сделает работу правительства понятнее для граждан.",
    ),
    (
        "ru",
        "Просим закрепить в Конституции прямые выборы акимов сёл, районов и городов. Сегодня "
        "жители не могут повлиять на то, кто управляет их городом и его бюджетом. Аким должен "
        "избираться на четыре года и регулярно отчитываться перед маслихатом. Досрочный отзыв "
        "акима по требованию жителей тоже нужно предусмотреть.",
        "Просим закрепить в Конституции право маслихата утверждать бюджет района без "
        "согласования с областью. Сейчас местные депутаты не могут распоряжаться даже "
        "небольшими суммами на дороги и школы. Жители должны видеть, на что тратятся их налоги. "
        "Отчёт о бюджете нужно публиковать каждый квартал.",
    ),
    (
        "ru",
        "Требуем, чтобы судьи назначались только по итогам открытого конкурса с участием "
        "общественности. Результаты экзаменов и биографии кандидатов должны публиковаться "
        "заранее на сайте Высшего судебного совета. Судья не может быть уволен без решения "
        "дисциплинарной коллегии. Независимый суд защищает каждого гражданина от произвола.",
        "Требуем обязательной видеозаписи всех судебных заседаний и публикации решений в "
        "течение недели. Граждане должны получать записи своих дел бесплатно и без долгих "
        "запросов. Это снизит число жалоб на предвзятость судей. Независимый суд невозможен без "
        "открытости перед обществом.",
    ),
    (
        "ru",
        "Предлагаю гарантировать в Конституции право на бесплатную медицинскую помощь в пределах "
        "единого перечня услуг. Перечень должен утверждаться законом, а не приказом "
        "министерства. Сельские жители должны получать ту же помощь, что и жители больших "
        "городов. Платные услуги не могут заменять гарантированные государством.",
        "Предлагаю гарантировать в Конституции право на бесплатное дошкольное образование для "
        "всех детей. Места в детских садах должны распределяться открыто через электронную "
        "очередь. Сельские семьи не должны ждать дольше городских. Государство обязано строить "
        "новые сады там, где их не хватает.",
    ),
    (
        "en",
        "We ask that the Constitution limit any president to a single seven-year term with no "
        "exceptions. Long rule weakens parliament and the courts and leaves citizens without a "
        "real choice. A single term would let every president act for the country rather than "
        "for re-election. Please include this limit in the final draft.",
        "We ask that the Constitution let parliament remove a president who breaks the law by a "
        "two-thirds vote. The Constitutional Court should first confirm the charge in an open "
        "hearing. Such a rule protects the country without waiting for the next election. Please "
        "include this procedure in the final draft.",
    ),
    (
        "en",
        "Every public body should publish its budget, contracts and spending reports online "
        "within thirty days. Citizens must be able to download the data freely and ask "
        "questions about it. Officials who hide spending should face clear penalties set by "
        "law. Open budgets are the best protection against corruption.",
        "Every public body should answer written requests from citizens within fifteen days. A "
        "refusal must name the law that allows it and can be appealed in court by anyone. "
        "Officials who ignore requests should be fined. Open answers build trust between "
        "people and the state.",
    ),
    (
        "en",
        "Freedom of peaceful assembly must not depend on permission from local officials. A "
        "simple notice given three days ahead should be enough for any meeting or march. Police "
        "should protect participants instead of dispersing them. Courts must review every ban "
        "within one day.",
        "Freedom of the press must include protection for online journalists and bloggers. No "
        "one should be jailed for publishing criticism of officials or of their families. "
        "Blocking a website must require a court order made in public. Courts must review every "
        "blocking within one week.",
    ),
    (
        "en",
        "The Constitution should guarantee clean air and water as a basic right of every "
        "resident. Factories that pollute must pay for the damage and restore the land they "
        "used. Local people have to be consulted before any new mine or plant is built near "
        "them. Environmental data should be public and updated every month.",
        "The Constitution should guarantee the right to a pension that is never below the "
        "minimum living wage. Pensions must rise every year at least as fast as prices. Rural "
        "residents who worked on farms should have the same rights as everyone else. Pension "
        "fund data should be public and updated every month.",
    ),
    (
        "kk",
        "Мәжіліс депутаттарының санын азайтып, әр депутаттың өз округіндегі сайлаушылар алдында "
        "жыл сайын есеп беруін міндетті ету керек. Есептер парламенттің сайтында жарияланып, "
        "тұрғындармен ашық кездесулерде талқылануы тиіс. Екі жыл қатарынан есеп бермеген депутат "
        "мандатынан айырылуы керек. Сонда азаматтар өз өкілдерінің не үшін дауыс беретінін "
        "анық біледі.",
        "Министрлердің Мәжіліс алдында жыл сайын есеп беруін міндетті ету керек. Әр министр өз "
        "ведомствосының шығындары мен бағдарламалардың орындалуы туралы депутаттардың "
        "сұрақтарына өзі жауап беруі тиіс. Мұндай отырыстардың стенограммалары толық жариялануы "
        "керек. Бұл үкіметтің жұмысын азаматтар үшін түсінікті етеді.",
    ),
    (
        "kk",
        "Ауыл, аудан және қала әкімдерін тікелей сайлауды Конституцияда бекітуді сұраймыз. Қазір "
        "тұрғындар өз қаласын және оның бюджетін кім басқаратынына ешқандай әсер ете алмайды. "
        "Әкім төрт жылға сайланып, мәслихат алдында үнемі есеп беруі керек. Тұрғындардың талабы "
        "бойынша әкімді мерзімінен бұрын кері шақыру мүмкіндігі де қарастырылуы тиіс.",
        "Аудан бюджетін облыспен келіспей бекіту құқығын мәслихатқа беруді Конституцияда "
        "бекітуді сұраймыз. Қазір жергілікті депутаттар жолдар мен мектептерге арналған шағын "
        "қаржыны да өздері бөле алмайды. Тұрғындар салықтарының неге жұмсалатынын көруі керек. "
        "Бюджет туралы есеп әр тоқсан сайын жариялануы тиіс.",
    ),
    (
        "kk",
        "Судьялар тек жұртшылық қатысатын ашық конкурс нәтижесінде ғана тағайындалуы керек. "
        "Үміткерлердің емтихан нәтижелері мен өмірбаяндары Жоғары сот кеңесінің сайтында алдын "
        "ала жариялануы тиіс. Судьяны тәртіптік алқаның шешімінсіз қызметтен босатуға болмайды. "
        "Тек тәуелсіз әрі әділ сот әрбір азаматты кез келген заңсыздықтан және қысымнан "
        "қорғайды.",
        "Барлық сот отырыстарын міндетті түрде бейнеге жазып, шешімдерді бір апта ішінде "
        "жариялау керек. Азаматтар өз істерінің жазбаларын тегін әрі ұзақ сұраусыз көре алуы "
        "тиіс. Бұл судьялардың біржақтылығы туралы шағымдарды азайтады. Қоғам алдында "
        "ашықтықсыз тәуелсіз сот болмайды.",
    ),
    (
        "kk",
        "Мемлекеттік тіл ретінде қазақ тілінің мәртебесін нығайтып, барлық мемлекеттік "
        "қызметтерді қазақ тілінде көрсетуді міндеттеу керек. Сонымен бірге орыс тілі мен басқа "
        "тілдерде де қызмет алу құқығы толық сақталуы тиіс. Балалар мен ересектерге арналған "
        "тегін тіл курстары әр ауданда ашылуы керек. Тіл халықты біріктіретін құрал болуы тиіс.",
        "Барлық балаларға тегін мектепке дейінгі білім алу құқығын Конституцияда кепілдендіру "
        "керек. Балабақшадағы орындар электронды кезек арқылы ашық бөлінуі тиіс. Ауыл "
        "отбасылары қала отбасыларынан ұзақ күтпеуі керек. Мемлекет балабақша жетпейтін "
        "жерлерде жаңаларын салуға міндетті болуы тиіс.",
    ),
]

SHORT_GREETINGS = {
    "es": GREETINGS,
    "ru": ["Здравствуйте!", "Уважаемые члены комиссии!", "Добрый день.", "Обращаюсь к вам."],
    "en": ["Hello,", "Dear Commission,", "To whom it may concern:", "Good afternoon."],
    "kk": ["Сәлеметсіз бе!", "Құрметті комиссия мүшелері!", "Қайырлы күн.", "Сізге жүгінемін."],
}
SHORT_SIGN_OFFS = {
    "es": SIGN_OFFS,
    "ru": [
        "С уважением, {name}.",
        "Спасибо за внимание.",
        "{name}, {place}",
        "Поддерживаю. {name}",
    ],
    "en": ["Regards, {name}", "Thank you.", "Sincerely, {name} from {place}", "Signed: {name}"],
    "kk": ["Құрметпен, {name}.", "Рахмет.", "{name}, {place}", "Қолдаймын. {name}"],
}
SHORT_NAMES = {
    "es": NAMES,
    "ru": ["Анна Ким", "Сергей Волков", "Ольга Ли", "Тимур Ахметов", "Ирина Смирнова"],
    "en": ["Dana Smith", "Arman Bekov", "Laura Chen", "Mark Ivanov", "Aida Nurova"],
    "kk": ["Айгүл Сейтқали", "Ержан Омаров", "Мөлдір Әлиева", "Бауыржан Тоқтаров", "Сәуле Қасым"],
}
SHORT_PLACES = {
    "es": PLACES,
    "ru": ["Павлодар", "Караганда", "Семей", "Костанай", "Уральск"],
    "en": ["Almaty", "Astana", "Shymkent", "Aktobe", "Taraz"],
    "kk": ["Түркістан", "Қызылорда", "Атырау", "Көкшетау", "Талдықорған"],
}


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("\n", " ").split(". ")]
    return [p if p.endswith((".", "!", "?")) else p + "." for p in parts if p]


def _typo(rng: random.Random, word: str) -> str:
    """One keyboard slip: two letters swapped, one dropped, doubled or replaced."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 4:
        return word
    cut = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
    if kind == 1:
        return word[:cut] + word[cut + 1 :]
    if kind == 2:
        return word[:cut] + word[cut] + word[cut:]
    return word[:cut] + rng.choice(letters) + word[cut + 1 :]


def short_letter(rng: random.Random, template: str, language: str) -> str:
    """One sender's copy of a short form letter.

    A sentence is dropped, or two are swapped, or both; one to three typos; usually a
    greeting and a signature.
    """
    sentences = _sentences(template)
    action = rng.random()
    if action < 0.45 and len(sentences) > 2:
        sentences.pop(rng.randrange(len(sentences)))
    elif action < 0.9:
        i, j = rng.sample(range(len(sentences)), 2)
        sentences[i], sentences[j] = sentences[j], sentences[i]
    if action >= 0.75 and len(sentences) > 3:
        sentences.pop(rng.randrange(len(sentences)))
    words = " ".join(sentences).split(" ")
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(words))
        words[k] = _typo(rng, words[k])
    parts = []
    if rng.random() < 0.7:
        parts.append(rng.choice(SHORT_GREETINGS[language]))
    parts.append(" ".join(words))
    if rng.random() < 0.7:
        sign_off = rng.choice(SHORT_SIGN_OFFS[language])
        parts.append(
            sign_off.format(
                name=rng.choice(SHORT_NAMES[language]), place=rng.choice(SHORT_PLACES[language])
            )
        )
    return " ".join(parts)


def _short_spanish(
    rng: random.Random, real: Sequence[Record], count: int
) -> tuple[list[tuple[str, str, str]], set[str]]:
    """Spanish seeds cut from unique Madrid proposals, with decoys sharing their opening words.

    A seed is the first three or four sentences of a proposal when they hold 40 to 70
    words; its decoy opens with the seed's first six words and goes on with another
    proposal's sentences. Returns the seeds and the ids of the proposals used.
    """
    openings: dict[str, int] = defaultdict(int)
    cleaned = [(r, prepare(r.text).text) for r in real]
    for _r, text in cleaned:
        openings[" ".join(text.lower().split()[:8])] += 1
    cuts: list[tuple[Record, str]] = []
    for record, text in cleaned:
        if openings[" ".join(text.lower().split()[:8])] != 1:
            continue
        sentences = _sentences(text)
        for size in (4, 3):
            cut = " ".join(sentences[:size])
            if len(sentences) >= size and 40 <= len(cut.split()) <= 70:
                cuts.append((record, cut))
                break
    rng.shuffle(cuts)
    seeds: list[tuple[str, str, str]] = []
    used: set[str] = set()
    pool = cuts[count:]
    for k, (record, cut) in enumerate(cuts[:count]):
        if not pool:
            break
        donor, donor_cut = pool[k % len(pool)]
        opening = " ".join(cut.split()[:6])
        decoy = opening + " " + " ".join(_sentences(donor_cut)[1:])
        seeds.append(("es", cut, decoy))
        used.update({record.id, donor.id})
    return seeds, used


def build_short(
    real: Sequence[Record] = (),
    spanish_campaigns: int = 30,
    seed: int = 11,
    background: Sequence[Record] = (),
) -> CampaignBenchmark:
    """Short form-letter campaigns (5 to 30 letters each) in es, ru, en and kk.

    The kk/ru/en seeds above are always used; with ``real`` Madrid records, Spanish seeds
    are cut from them and the other real proposals are mixed in. Every decoy is a
    one-member truth group, so merging it into a campaign costs precision.
    ``background`` adds further unrelated records (for tests without the Madrid data).
    """
    rng = random.Random(seed)
    seeds = list(SHORT_SEEDS)
    used: set[str] = set()
    if real:
        spanish, used = _short_spanish(rng, real, spanish_campaigns)
        seeds.extend(spanish)
    # The real proposals that seeds and decoys were cut from are left out, so a real
    # proposal never competes with its own cut-down copy.
    records = [r for r in real if r.id not in used] + list(background)
    truth: dict[str, str] = {}
    for number, (language, template, decoy) in enumerate(seeds, start=1):
        name = f"short-{language}-{number}"
        for copy in range(rng.randint(5, 30)):
            record_id = f"gen-short-{number}-{copy}"
            records.append(Record(record_id, short_letter(rng, template, language)))
            truth[record_id] = name
        decoy_id = f"decoy-short-{number}"
        records.append(Record(decoy_id, decoy))
        truth[decoy_id] = f"decoy-{number}"
    order = list(range(len(records)))
    rng.shuffle(order)
    return CampaignBenchmark([records[i] for i in order], truth)
