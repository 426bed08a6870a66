"""Demo data: a realistic consultation of about 20,000 synthetic proposals.

Texts are assembled from original sentence templates and vocabulary in
Kazakh, Russian and English, so they vary in length and style; some cite
articles the ways people do ("статья 33", "33-бап", "Article 33(2)"), some
carry personal data that the public copy must hide. Every channel, region
and submitter type occurs; registration dates spread over five months; most
older cases are answered, some are overdue. Loading again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from atazan.core.actors import SystemActor
from atazan.core.demo_calendar import demo_calendar, moment
from atazan.proposals.actions import (
    deadline_for,
    link_merged,
    register_batch,
    store_demo_settings,
    store_sent_messages,
)
from atazan.proposals.citations import find_citations
from atazan.proposals.models import (
    ORGANISATION_TYPES,
    AnswerTemplate,
    AssignmentRule,
    Channel,
    Notification,
    NotificationKind,
    Outcome,
    Proposal,
    Region,
    Status,
    SubmitterType,
    Topic,
)
from atazan.proposals.privacy import public_copy
from atazan.proposals.selectors import secret_hash, work_calendar
from atazan_calendar import WorkCalendar
from atazan_redact import make_identifier

ACTOR = SystemActor("demo loader")

DEMO_SOURCE = "demo"
DEMO_COUNT = 20_000
#: The demo citizen's proposals can be followed with this secret (see docs/proposals.md).
DEMO_SECRET = "DEMO2026KZ"

# Vocabulary -------------------------------------------------------------------

TOPIC_PHRASES: dict[str, dict[str, list[str]]] = {
    "parliament": {
        "ru": [
            "однопалатный парламент — Курултай",
            "порядок выборов депутатов",
            "срок полномочий парламента",
            "запросы депутатов к Правительству",
        ],
        "kk": [
            "бір палаталы парламент — Құрылтай",
            "депутаттарды сайлау тәртібі",
            "парламенттің өкілеттік мерзімі",
            "депутаттардың Үкіметке сауалы",
        ],
        "en": [
            "a unicameral parliament, the Kurultai",
            "the way deputies are elected",
            "the term of parliament",
            "deputies' questions to the Government",
        ],
    },
    "rights": {
        "ru": [
            "право на чистую окружающую среду",
            "свободу мирных собраний",
            "право на доступ к информации",
            "защиту персональных данных",
            "право на образование на родном языке",
        ],
        "kk": [
            "таза қоршаған ортаға құқық",
            "бейбіт жиналыс бостандығы",
            "ақпаратқа қол жеткізу құқығы",
            "дербес деректерді қорғау",
            "ана тілінде білім алу құқығы",
        ],
        "en": [
            "the right to a clean environment",
            "freedom of peaceful assembly",
            "the right of access to information",
            "the protection of personal data",
            "the right to education in one's mother tongue",
        ],
    },
    "president": {
        "ru": [
            "один семилетний срок Президента",
            "порядок отрешения Президента",
            "полномочия Президента по назначению акимов",
        ],
        "kk": [
            "Президенттің бір жеті жылдық мерзімі",
            "Президентті қызметінен кетіру тәртібі",
            "Президенттің әкімдерді тағайындау өкілеттігі",
        ],
        "en": [
            "a single seven-year presidential term",
            "the procedure for removing the President",
            "the President's power to appoint akims",
        ],
    },
    "government": {
        "ru": [
            "ответственность Правительства перед Курултаем",
            "отчёт Правительства об исполнении бюджета",
            "формирование Правительства",
        ],
        "kk": [
            "Үкіметтің Құрылтай алдындағы жауапкершілігі",
            "Үкіметтің бюджеттің атқарылуы туралы есебі",
            "Үкіметті қалыптастыру",
        ],
        "en": [
            "the Government's accountability to the Kurultai",
            "the Government's report on the budget",
            "how the Government is formed",
        ],
    },
    "constitutional_court": {
        "ru": [
            "прямое обращение граждан в Конституционный суд",
            "сроки рассмотрения обращений Конституционным судом",
        ],
        "kk": [
            "азаматтардың Конституциялық Сотқа тікелей жүгінуі",
            "Конституциялық Соттың өтініштерді қарау мерзімі",
        ],
        "en": [
            "direct access of citizens to the Constitutional Court",
            "time limits for the Constitutional Court",
        ],
    },
    "courts": {
        "ru": ["независимость судей", "суд присяжных", "открытость судебных заседаний"],
        "kk": ["судьялардың тәуелсіздігі", "алқабилер соты", "сот отырыстарының ашықтығы"],
        "en": ["the independence of judges", "trial by jury", "open court hearings"],
    },
    "local": {
        "ru": [
            "выборность акимов сёл и районов",
            "бюджет местного самоуправления",
            "полномочия маслихатов",
        ],
        "kk": [
            "ауыл және аудан әкімдерінің сайлануы",
            "жергілікті өзін-өзі басқару бюджеті",
            "мәслихаттардың өкілеттігі",
        ],
        "en": [
            "elected akims of villages and districts",
            "the budget of local self-government",
            "the powers of maslikhats",
        ],
    },
    "general": {
        "ru": [
            "статус государственного языка",
            "светский характер государства",
            "символы государства",
        ],
        "kk": [
            "мемлекеттік тілдің мәртебесі",
            "мемлекеттің зайырлы сипаты",
            "мемлекеттік рәміздер",
        ],
        "en": [
            "the status of the state language",
            "the secular character of the state",
            "the state symbols",
        ],
    },
    "final": {
        "ru": [
            "порядок вступления новой Конституции в силу",
            "переходный период для действующих органов",
        ],
        "kk": ["жаңа Конституцияның күшіне ену тәртібі", "қазіргі органдар үшін өтпелі кезең"],
        "en": [
            "how the new Constitution enters into force",
            "a transition period for the existing bodies",
        ],
    },
    "other": {
        "ru": [
            "проведение публичных обсуждений",
            "доступность текста Конституции для людей с инвалидностью",
        ],
        "kk": [
            "қоғамдық талқылаулар өткізу",
            "Конституция мәтінінің мүмкіндігі шектеулі жандарға қолжетімділігі",
        ],
        "en": [
            "holding public hearings",
            "making the Constitution accessible to people with disabilities",
        ],
    },
}

OPENINGS = {
    "ru": [
        "Уважаемая Конституционная комиссия!",
        "Здравствуйте.",
        "Прошу рассмотреть моё предложение.",
        "Как гражданин Казахстана хочу высказаться.",
        "",
    ],
    "kk": [
        "Құрметті Конституциялық комиссия!",
        "Сәлеметсіз бе.",
        "Менің ұсынысымды қарауды сұраймын.",
        "Қазақстан азаматы ретінде пікірімді білдіргім келеді.",
        "",
    ],
    "en": [
        "Dear members of the Constitutional Commission,",
        "Hello.",
        "Please consider my proposal.",
        "As a citizen of Kazakhstan I would like to comment.",
        "",
    ],
}
PROPOSALS = {
    "ru": [
        "Предлагаю закрепить в Конституции {x}.",
        "Считаю необходимым уточнить положения про {x}.",
        "Прошу пересмотреть нормы, касающиеся темы «{x}».",
        "Нужно чётко прописать {x}.",
        "Предлагаю исключить двусмысленность в вопросе «{x}».",
    ],
    "kk": [
        "Конституцияда {x} бекітуді ұсынамын.",
        "{x} туралы ережелерді нақтылау қажет деп санаймын.",
        "«{x}» тақырыбына қатысты нормаларды қайта қарауды сұраймын.",
        "{x} анық жазылуы керек.",
        "«{x}» мәселесіндегі екіұштылықты жоюды ұсынамын.",
    ],
    "en": [
        "I propose that the Constitution should guarantee {x}.",
        "The provisions on {x} need to be clarified.",
        "Please reconsider the rules on {x}.",
        "The text should spell out {x} clearly.",
        "I suggest removing the ambiguity about {x}.",
    ],
}
REASONS = {
    "ru": [
        "Это повысит доверие граждан к государству.",
        "Так сделано во многих демократических странах.",
        "Сейчас формулировка допускает разные толкования.",
        "Это защитит права жителей регионов.",
        "Без этого реформа останется на бумаге.",
        "Молодёжь должна видеть, что её голос учитывается.",
        "Это снизит коррупционные риски.",
        "Иначе чиновники будут трактовать норму как им удобно.",
        "Соседние страны уже приняли похожие поправки.",
        "Об этом годами говорят правозащитники.",
        "Люди перестанут бояться обращаться в суд.",
        "Так будет справедливее по отношению к сёлам.",
    ],
    "kk": [
        "Бұл азаматтардың мемлекетке деген сенімін арттырады.",
        "Көптеген демократиялық елдерде осылай жасалған.",
        "Қазіргі тұжырым әртүрлі түсіндіруге жол береді.",
        "Бұл өңір тұрғындарының құқықтарын қорғайды.",
        "Онсыз реформа қағаз жүзінде қалады.",
        "Жастар өз дауысының ескерілетінін көруі керек.",
        "Бұл сыбайлас жемқорлық тәуекелдерін азайтады.",
        "Әйтпесе шенеуніктер норманы өздеріне ыңғайлы түсіндіреді.",
        "Көрші елдер осындай түзетулерді қабылдап қойды.",
        "Құқық қорғаушылар бұл туралы жылдар бойы айтып келеді.",
        "Адамдар сотқа жүгінуден қорықпайтын болады.",
        "Бұл ауылдарға әділетті болады.",
    ],
    "en": [
        "This would increase citizens' trust in the state.",
        "Many democracies already do this.",
        "The current wording can be read in different ways.",
        "It would protect the rights of people in the regions.",
        "Without it the reform stays on paper.",
        "Young people must see that their voice counts.",
        "It would reduce the risk of corruption.",
        "Otherwise officials will read the rule as it suits them.",
        "Neighbouring countries have adopted similar amendments.",
        "Human rights groups have asked for this for years.",
        "People would stop being afraid to go to court.",
        "It would be fairer to rural areas.",
    ],
}
CITATIONS = {
    "ru": [
        "Это касается статьи {a}.",
        "Речь о пункте {p} статьи {a}.",
        "См. ст. {a} действующей Конституции.",
        "Предлагаю изменить статью {a}.",
    ],
    "kk": [
        "Бұл {a}-бапқа қатысты.",
        "Әңгіме {a}-бап, {p}-тармақ туралы.",
        "Қолданыстағы Конституцияның {a}-бабын қараңыз.",
        "{a}-бапты өзгертуді ұсынамын.",
    ],
    "en": [
        "This concerns Article {a}.",
        "I mean Art. {a}({p}).",
        "See Article {a} of the current Constitution.",
        "I propose to amend Article {a}({p}).",
    ],
}
PERSONAL = {
    "ru": [
        "Для связи: тел. {phone}, e-mail {email}.",
        "Мой ИИН {iin}.",
        "Адрес: г. Астана, ул. {street}, д. {house}, кв. {flat}.",
        "Удостоверение личности № {idcard}.",
        "Звоните по номеру {phone}.",
    ],
    "kk": [
        "Байланыс телефоным: {phone}.",
        "Менің ЖСН: {iin}.",
        "Мекенжайым: {street} көшесі, {house}-үй, {flat}-пәтер.",
        "Жеке куәлік № {idcard}.",
        "Электрондық поштам: {email}.",
    ],
    "en": [
        "You can reach me at {phone} or {email}.",
        "My IIN is {iin}.",
        "My address: {house} {street_en} Street, apt {flat}, Astana.",
        "My ID card number is {idcard}.",
        "Passport N{passport}.",
    ],
}
CLOSINGS = {
    "ru": ["Спасибо за внимание.", "Надеюсь на ответ.", "С уважением.", ""],
    "kk": ["Назарларыңызға рахмет.", "Жауап күтемін.", "Құрметпен.", ""],
    "en": ["Thank you for your attention.", "I look forward to your answer.", "Kind regards.", ""],
}
TITLES = {
    "ru": "О теме «{x}»",
    "kk": "«{x}» туралы",
    "en": "On {x}",
}
ANSWERS = {
    Outcome.ACCEPTED: {
        "ru": "Предложение поддержано рабочей группой и учтено в проекте.",
        "kk": "Ұсынысты жұмыс тобы қолдады және ол жобада ескерілді.",
        "en": "The working group supported the proposal and it is reflected in the draft.",
    },
    Outcome.PARTLY_ACCEPTED: {
        "ru": "Предложение учтено частично: основная идея отражена в новой редакции статьи.",
        "kk": "Ұсыныс ішінара ескерілді: негізгі идея баптың жаңа редакциясында көрсетілді.",
        "en": "The proposal is partly reflected: its main idea is in the new wording of the article.",
    },
    Outcome.REJECTED: {
        "ru": "Предложение не поддержано: вопрос регулируется законом, а не Конституцией.",
        "kk": "Ұсыныс қолдау таппады: бұл мәселе Конституциямен емес, заңмен реттеледі.",
        "en": "The proposal was not supported: the matter is regulated by law, not by the Constitution.",
    },
    Outcome.OUTSIDE_COMPETENCE: {
        "ru": "Вопрос не относится к компетенции Конституционной комиссии.",
        "kk": "Мәселе Конституциялық комиссияның құзыретіне жатпайды.",
        "en": "The question is outside the competence of the Constitutional Commission.",
    },
    Outcome.FORWARDED: {
        "ru": "Обращение направлено в уполномоченный государственный орган.",
        "kk": "Өтініш уәкілетті мемлекеттік органға жіберілді.",
        "en": "The appeal was forwarded to the competent state body.",
    },
    Outcome.MERGED: {
        "ru": "Предложение рассмотрено вместе с аналогичными обращениями.",
        "kk": "Ұсыныс ұқсас өтініштермен бірге қаралды.",
        "en": "The proposal was considered together with similar appeals.",
    },
}

KK_NAMES = [
    "Айгерім",
    "Нұрлан",
    "Сәуле",
    "Ерлан",
    "Әсел",
    "Бауыржан",
    "Дана",
    "Қайрат",
    "Жансая",
    "Ғалымжан",
    "Мәдина",
    "Арман",
]
KK_SURNAMES = [
    "Сәдуақасова",
    "Бекұлы",
    "Оразбаева",
    "Әбенов",
    "Нұрпейісова",
    "Жақсылықов",
    "Төлегенов",
    "Ахметова",
    "Серікқызы",
    "Ыбырай",
]
RU_NAMES = [
    "Анна",
    "Сергей",
    "Дина",
    "Тимур",
    "Ольга",
    "Виктор",
    "Алия",
    "Максим",
    "Елена",
    "Руслан",
]
RU_SURNAMES = [
    "Федорова",
    "Ким",
    "Касымова",
    "Иванов",
    "Петрова",
    "Цой",
    "Шевченко",
    "Ли",
    "Абдрахманов",
    "Смирнова",
]
ORGANISATIONS = {
    SubmitterType.PARTY: [
        "Партия «Жаңа Жол»",
        "Партия «Ел Бірлігі»",
        "Демократическая партия «Болашақ»",
    ],
    SubmitterType.PUBLIC_ORGANISATION: [
        "ОО «Правовая инициатива»",
        "ҚБ «Таза Өлке»",
        "Ассоциация молодых юристов",
        "ҚБ «Мүмкіндігі шектеулі жандар одағы»",
    ],
    SubmitterType.STATE_BODY: [
        "Маслихат города Астаны",
        "Аппарат акима Абайской области",
        "Уполномоченный по правам ребёнка",
    ],
}
STREETS = ["Абая", "Сейфуллина", "Республики", "Кенесары", "Достык", "Тауелсиздик"]
STREETS_KK = ["Абай", "Сейфуллин", "Кенесары", "Достық", "Тәуелсіздік"]
STREETS_EN = ["Abay", "Kenesary", "Dostyk", "Seifullin"]

# Organised campaigns: one template, many senders, each copy edited a little.
CAMPAIGN_TEMPLATES: list[tuple[str, str, str]] = [
    (
        "ru",
        "parliament",
        "Предлагаю закрепить в Конституции, что депутаты Курултая избираются только по "
        "одномандатным округам. Каждый житель должен знать своего депутата в лицо и иметь возможность спросить "
        "с него. Партийные списки отдаляют парламент от людей. Прошу учесть это при подготовке новой редакции "
        "статьи 50.",
    ),
    (
        "ru",
        "local",
        "Мы, жители сельских округов, просим сохранить выборность акимов сёл и районов и закрепить "
        "её в Конституции. Аким должен отчитываться перед жителями, а не только перед вышестоящим начальством. "
        "Бюджет села должен обсуждаться на открытых собраниях жителей.",
    ),
    (
        "kk",
        "general",
        "Мемлекеттік тілдің мәртебесін Конституцияда нақты бекітуді ұсынамын. Барлық мемлекеттік "
        "органдардағы іс қағаздары алдымен қазақ тілінде жүргізілуі тиіс. Бұл талап әрбір азаматтың ана тілінде "
        "қызмет алу құқығын қорғайды.",
    ),
    (
        "kk",
        "rights",
        "Жер мен оның қойнауы халықтың меншігі екенін Конституцияда қайта бекітуді сұраймыз. Ауыл "
        "шаруашылығы жерлерін шетелдіктерге сатуға және ұзақ мерзімге жалға беруге тыйым салынуы керек. Жер туралы "
        "шешімдер жергілікті тұрғындармен ақылдасып қана қабылдануы тиіс.",
    ),
    (
        "en",
        "rights",
        "I support adding a right to a clean and healthy environment to the Constitution. The state "
        "should be obliged to publish air and water quality data every month and to consult residents before "
        "approving new industrial plants near towns. Future generations must inherit a liveable country.",
    ),
]
CAMPAIGN_SWAPS = {
    "ru": [
        ("Предлагаю", "Прошу"),
        ("должен", "обязан"),
        ("просим", "требуем"),
        ("жители", "граждане"),
    ],
    "kk": [
        ("ұсынамын", "сұраймын"),
        ("тиіс", "керек"),
        ("сұраймыз", "талап етеміз"),
        ("нақты", "анық"),
    ],
    "en": [
        ("I support", "I strongly support"),
        ("should be obliged", "must be required"),
        ("residents", "local people"),
    ],
}
CAMPAIGN_SIGNATURES = {
    "ru": [
        "Я живу в городе {city}.",
        "Подписываюсь полностью, {name}.",
        "Поддерживаю эту инициативу.",
    ],
    "kk": ["Мен {city} қаласында тұрамын.", "Толық қолдаймын, {name}.", "Бұл бастаманы қолдаймын."],
    "en": ["I live in {city}.", "Signed, {name}.", "I fully back this initiative."],
}
CONTEXTS = {
    "ru": [
        "Я работаю {ru_job} в {ru_place} уже много лет.",
        "Пишу как {ru_job} из {ru_place}.",
        "В {ru_place}, где я живу, это обсуждают все соседи.",
        "Мы с коллегами-{ru_job_pl} из {ru_place} часто об этом спорим.",
    ],
    "kk": [
        "Мен {kk_place} ауданында {kk_job} болып жұмыс істеймін.",
        "{kk_place} тұрғыны әрі {kk_job} ретінде жазып отырмын.",
        "Біздің {kk_place} өңірінде бұл мәселені көршілердің бәрі талқылайды.",
    ],
    "en": [
        "I work as {en_job} in {en_place}.",
        "I am writing as {en_job} living in {en_place}.",
        "In {en_place}, where I live, my neighbours talk about this all the time.",
    ],
}
JOBS: dict[str, list[Any]] = {
    "ru": [
        ("учителем", "учителями"),
        ("врачом", "врачами"),
        ("инженером", "инженерами"),
        ("фермером", "фермерами"),
        ("юристом", "юристами"),
        ("водителем", "водителями"),
        ("бухгалтером", "бухгалтерами"),
        ("медсестрой", "медсёстрами"),
        ("программистом", "программистами"),
        ("строителем", "строителями"),
    ],
    "kk": [
        "мұғалім",
        "дәрігер",
        "инженер",
        "фермер",
        "заңгер",
        "жүргізуші",
        "есепші",
        "мейірбике",
        "бағдарламашы",
        "құрылысшы",
    ],
    "en": [
        "a teacher",
        "a doctor",
        "an engineer",
        "a farmer",
        "a lawyer",
        "a driver",
        "an accountant",
        "a nurse",
        "a programmer",
        "a builder",
    ],
}
PLACES = {
    "ru": [
        "Астане",
        "Алматы",
        "Шымкенте",
        "Актобе",
        "Караганде",
        "Таразе",
        "Павлодаре",
        "Семее",
        "Атырау",
        "Кызылорде",
        "Талдыкоргане",
        "Кокшетау",
        "Уральске",
        "Петропавловске",
    ],
    "kk": [
        "Астана",
        "Алматы",
        "Шымкент",
        "Ақтөбе",
        "Қарағанды",
        "Тараз",
        "Павлодар",
        "Семей",
        "Атырау",
        "Қызылорда",
        "Талдықорған",
        "Көкшетау",
        "Орал",
        "Петропавл",
    ],
    "en": [
        "Astana",
        "Almaty",
        "Shymkent",
        "Aktobe",
        "Karaganda",
        "Taraz",
        "Pavlodar",
        "Semey",
        "Atyrau",
        "Kyzylorda",
        "Taldykorgan",
        "Kokshetau",
        "Oral",
        "Petropavl",
    ],
}


def with_context(rng: random.Random, text: str, language: str) -> str:
    """Most people say who they are: a line that makes each letter its own."""
    if rng.random() > 0.8:
        return text
    job: Any = rng.choice(JOBS[language])
    values = {
        "ru_job": job[0] if isinstance(job, tuple) else job,
        "ru_job_pl": job[1] if isinstance(job, tuple) else job,
        "kk_job": job,
        "en_job": job,
        "ru_place": rng.choice(PLACES["ru"]),
        "kk_place": rng.choice(PLACES["kk"]),
        "en_place": rng.choice(PLACES["en"]),
    }
    line = rng.choice(CONTEXTS[language]).format(**values)
    head, dot, tail = text.partition(". ")
    return f"{head}{dot}{line} {tail}" if tail else f"{text} {line}"


CITIES = [
    "Астана",
    "Алматы",
    "Шымкент",
    "Актобе",
    "Караганда",
    "Тараз",
    "Павлодар",
    "Семей",
    "Атырау",
    "Кызылорда",
]
#: Share of the demo written by campaigns, and of proposals sent twice by the same person.
CAMPAIGN_SHARE = 0.07
RESUBMIT_SHARE = 0.015


def campaign_copy(rng: random.Random, template: str, language: str, name: str) -> str:
    """A campaign letter as one sender edits it: greeting, order, a word, a signature."""
    sentences = [s.strip() for s in template.replace(". ", ".\n").splitlines() if s.strip()]
    if rng.random() < 0.4:
        head, tail = sentences[:1], sentences[1:]
        rng.shuffle(tail)
        sentences = head + tail
    if len(sentences) > 3 and rng.random() < 0.2:
        sentences.pop(rng.randrange(1, len(sentences)))
    text = " ".join(sentences)
    for old, new in CAMPAIGN_SWAPS[language]:
        if rng.random() < 0.3:
            text = text.replace(old, new, 1)
    opening = rng.choice(OPENINGS[language])
    signature = rng.choice(CAMPAIGN_SIGNATURES[language]).format(city=rng.choice(CITIES), name=name)
    parts = [opening if rng.random() < 0.6 else "", text, signature if rng.random() < 0.7 else ""]
    return " ".join(p for p in parts if p)


LANGUAGE_WEIGHTS = [("kk", 40), ("ru", 45), ("en", 15)]
CHANNEL_WEIGHTS = [
    (Channel.WEB, 45),
    (Channel.API, 30),
    (Channel.LETTER, 10),
    (Channel.MEETING, 5),
    (Channel.IMPORT, 10),
]
TYPE_WEIGHTS = [
    (SubmitterType.CITIZEN, 70),
    (SubmitterType.EXPERT, 8),
    (SubmitterType.PUBLIC_ORGANISATION, 7),
    (SubmitterType.PARTY, 4),
    (SubmitterType.DEPUTY, 3),
    (SubmitterType.STATE_BODY, 3),
    (SubmitterType.OTHER, 5),
]
TOPIC_WEIGHTS = [
    ("parliament", 25),
    ("rights", 22),
    ("president", 10),
    ("government", 6),
    ("constitutional_court", 5),
    ("courts", 7),
    ("local", 9),
    ("general", 7),
    ("final", 3),
    ("other", 6),
]
OUTCOME_WEIGHTS = [
    (Outcome.ACCEPTED, 18),
    (Outcome.PARTLY_ACCEPTED, 22),
    (Outcome.REJECTED, 38),
    (Outcome.OUTSIDE_COMPETENCE, 10),
    (Outcome.FORWARDED, 7),
    (Outcome.MERGED, 5),
]


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def random_identifier(rng: random.Random, organisation: bool = False) -> str:
    """A valid IIN (or BIN) with a random birth (registration) date and serial."""
    while True:
        year = rng.randint(1940, 2007)
        if organisation:
            first = f"{year % 100:02d}{rng.randint(1, 12):02d}4{rng.randint(0, 1)}{rng.randint(0, 99999):05d}"
        else:
            century = (3 if year < 2000 else 5) + rng.randint(0, 1)
            first = f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{century}{rng.randint(0, 9999):04d}"
        full = make_identifier(first)
        if full:
            return full


def random_phone(rng: random.Random) -> str:
    code = rng.choice(["701", "702", "705", "707", "747", "771", "775", "777", "778"])
    a, b, c = rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)
    return rng.choice(
        [
            f"+7 {code} {a} {b} {c}",
            f"8 ({code}) {a}-{b}-{c}",
            f"8{code}{a}{b}{c}",
            f"+7{code}{a}{b}{c}",
            f"8-{code}-{a}-{b}-{c}",
        ]
    )


def compose(
    rng: random.Random, language: str, topic: str, personal: dict[str, str] | None
) -> tuple[str, str]:
    """A title and a text of varied length in ``language`` about ``topic``."""
    phrase = rng.choice(TOPIC_PHRASES[topic][language])
    sentences = [rng.choice(OPENINGS[language])]
    sentences.append(rng.choice(PROPOSALS[language]).format(x=phrase))
    sentences += rng.sample(REASONS[language], rng.randint(1, 2))
    if rng.random() < 0.45:
        sentences.append(
            rng.choice(CITATIONS[language]).format(a=rng.randint(1, 98), p=rng.randint(1, 5))
        )
    if rng.random() < 0.3:
        other = rng.choice(TOPIC_PHRASES[rng.choice(list(TOPIC_PHRASES))][language])
        sentences.append(rng.choice(PROPOSALS[language]).format(x=other))
    if personal:
        sentences.append(rng.choice(PERSONAL[language]).format(**personal))
    sentences.append(rng.choice(CLOSINGS[language]))
    text = " ".join(s for s in sentences if s)
    if rng.random() < 0.25:
        text = text.replace(". ", ".\n\n", 1)
    title = TITLES[language].format(x=phrase)
    return title[:1].upper() + title[1:], text


def _users() -> dict[str, Any]:
    user_model = get_user_model()
    return {
        u.username: u
        for u in user_model.objects.filter(
            username__in=["analyst", "analyst2", "lead", "operator", "citizen"]
        )
    }


def _templates() -> list[AnswerTemplate]:
    return [
        AnswerTemplate(
            name=f"Demo: {Outcome(outcome).label}",
            outcome=outcome,
            text_kk=texts["kk"],
            text_ru=texts["ru"],
            text_en=texts["en"],
        )
        for outcome, texts in ANSWERS.items()
    ]


def _rules(users: dict[str, Any]) -> list[AssignmentRule]:
    rules = []
    if "analyst" in users:
        rules.append(AssignmentRule(analyst=users["analyst"], topic=Topic.PARLIAMENT))
        rules.append(AssignmentRule(analyst=users["analyst"], topic=Topic.PRESIDENT))
    if "analyst2" in users:
        rules.append(AssignmentRule(analyst=users["analyst2"], topic=Topic.RIGHTS))
        rules.append(AssignmentRule(analyst=users["analyst2"]))
    return rules


def build_demo(
    count: int,
    users: dict[str, Any],
    calendar: WorkCalendar,
    now: dt.datetime,
    today: dt.date | None = None,
) -> tuple[list[Proposal], list[dict[str, Any]]]:
    """The demo proposals (unsaved, oldest first) and their messages to submitters.

    Proposals are registered in the 150 days up to ``now``; whether a case is
    answered or overdue is decided as of ``today`` (by default the day of ``now``).
    """
    rng = random.Random(2026)
    today = today or timezone.localdate(now)
    answered_by_then = max(now, timezone.make_aware(dt.datetime.combine(today, dt.time(18))))
    workers = [users[n] for n in ("analyst", "analyst2", "lead") if n in users]
    citizen = users.get("citizen")
    span = 150 * 24 * 3600
    rows: list[Proposal] = []
    messages: list[dict[str, Any]] = []
    # Campaign and resubmission choices use their own generator so the rest of the demo stays as it was.
    campaign_rng = random.Random(77)
    sent: list[tuple[str, str]] = []
    for index in range(count):
        language = _pick(rng, LANGUAGE_WEIGHTS)
        topic = _pick(rng, TOPIC_WEIGHTS)
        kind = _pick(rng, TYPE_WEIGHTS)
        channel = _pick(rng, CHANNEL_WEIGHTS)
        organisation = kind in ORGANISATION_TYPES
        if organisation:
            name = rng.choice(ORGANISATIONS[kind])
        elif language == "kk" or rng.random() < 0.4:
            name = f"{rng.choice(KK_NAMES)} {rng.choice(KK_SURNAMES)}"
        else:
            name = f"{rng.choice(RU_NAMES)} {rng.choice(RU_SURNAMES)}"
        phone = random_phone(rng)
        email = f"demo{index}@example.kz"
        personal = None
        if rng.random() < 0.12:
            personal = {
                "phone": phone,
                "email": email,
                "iin": random_identifier(rng),
                "street": rng.choice(STREETS) if language == "ru" else rng.choice(STREETS_KK),
                "street_en": rng.choice(STREETS_EN),
                "house": str(rng.randint(1, 180)),
                "flat": str(rng.randint(1, 300)),
                "idcard": f"0{rng.randint(10_000_000, 99_999_999)}",
                "passport": f"{rng.randint(10_000_000, 99_999_999)}",
            }
        title, text = compose(rng, language, topic, personal)
        campaign_draw = campaign_rng.random()
        if campaign_draw < CAMPAIGN_SHARE:
            c_language, c_topic, template = campaign_rng.choice(CAMPAIGN_TEMPLATES)
            language, topic = c_language, c_topic
            text = campaign_copy(campaign_rng, template, language, name)
            # Everyone in a campaign sends the organisers' subject line.
            title = template.split(". ")[0][:120]
        elif campaign_draw < CAMPAIGN_SHARE + RESUBMIT_SHARE and sent:
            title, text = campaign_rng.choice(sent)
        else:
            text = with_context(campaign_rng, text, language)
            sent.append((title, text))
        registered = now - dt.timedelta(
            seconds=int(span * (1 - index / count) ** 1.3) + rng.randint(0, 3600)
        )
        registered = registered.replace(microsecond=0)
        deadline = deadline_for(registered, calendar)
        age_days = (today - timezone.localdate(registered)).days
        has_email = rng.random() < 0.6
        consent_text = rng.random() < 0.78
        consent_name = consent_text and rng.random() < 0.35
        identifier = (
            random_identifier(rng, organisation)
            if channel != Channel.IMPORT or rng.random() < 0.5
            else ""
        )
        personal_known: dict[str, Any] = {
            "name": name,
            "keep_name": consent_name,
            "iin": "" if organisation else identifier,
            "bin_": identifier if organisation else "",
            "email": email if has_email else "",
            "phone": phone,
        }
        proposal = Proposal(
            channel=channel,
            source=DEMO_SOURCE,
            external_id=f"demo-{index:06d}",
            user=citizen
            if (citizen is not None and channel == Channel.WEB and index % 997 == 0)
            else None,
            submitter_type=kind,
            submitter_name=name,
            iin="" if organisation else identifier,
            bin=identifier if organisation else "",
            region=Region.ABROAD if rng.random() < 0.02 else rng.choice(Region.values[:-1]),
            contact_email=email if has_email else "",
            contact_phone=phone if rng.random() < 0.5 else "",
            language=language,
            topic=topic,
            title=title,
            text=text,
            cited_provisions=find_citations(text),
            consent_publish_text=consent_text,
            consent_publish_name=consent_name,
            public_title=public_copy(title, **personal_known),
            public_text=public_copy(text, **personal_known),
            received_at=registered - dt.timedelta(minutes=rng.randint(0, 600)),
            registered_at=registered,
            original_deadline=deadline,
            deadline=deadline,
        )
        if proposal.user is not None:
            proposal.secret_hash = secret_hash(DEMO_SECRET)
        # Most cases older than their deadline are answered; a few are overdue.
        overdue_chance = 0.06 if deadline < today else 0.0
        answered = (deadline < today and rng.random() > overdue_chance) or (
            deadline >= today and rng.random() < min(age_days / 25, 0.6)
        )
        if workers and (answered or rng.random() < 0.7):
            proposal.assignee = rng.choice(workers)
            proposal.assigned_at = registered + dt.timedelta(hours=rng.randint(2, 48))
        if answered:
            outcome = _pick(rng, OUTCOME_WEIGHTS)
            answer_text = ANSWERS[outcome][language]
            proposal.status = Status.ANSWERED
            proposal.outcome = outcome
            proposal.answer = proposal.public_answer = answer_text
            days = rng.randint(3, 20) if rng.random() < 0.95 else rng.randint(21, 40)
            proposal.answered_at = min(
                registered + dt.timedelta(days=days, hours=rng.randint(0, 8)), answered_by_then
            )
            proposal.answered_by = proposal.assignee
            if outcome == Outcome.FORWARDED:
                proposal.forwarded_to = (
                    "Министерство юстиции" if language != "en" else "Ministry of Justice"
                )
        elif proposal.assignee is not None:
            proposal.status = Status.IN_REVIEW
        if proposal.status != Status.ANSWERED and rng.random() < 0.03 and age_days > 10:
            proposal.deadline = min(
                deadline + dt.timedelta(days=30), deadline + dt.timedelta(days=55)
            )
            proposal.extension_reason = (
                "Требуется заключение экспертов."
                if language == "ru"
                else (
                    "Сарапшылардың қорытындысы қажет."
                    if language == "kk"
                    else "An expert opinion is needed."
                )
            )
        if has_email:
            messages.append(
                {
                    "external_id": proposal.external_id,
                    "kind": NotificationKind.REGISTERED,
                    "at": registered,
                    "language": language,
                }
            )
            if proposal.status == Status.ANSWERED:
                messages.append(
                    {
                        "external_id": proposal.external_id,
                        "kind": NotificationKind.ANSWERED,
                        "at": proposal.answered_at,
                        "language": language,
                    }
                )
        rows.append(proposal)
    rows.sort(key=lambda p: p.registered_at)
    return rows, messages


def load_demo(stdout: TextIO, count: int = DEMO_COUNT, batch_size: int = 2000) -> None:
    """Load the demo consultation; does nothing when it is already there."""
    present = Proposal.objects.filter(source=DEMO_SOURCE).count()
    if present >= count:
        stdout.write(f"demo proposals: {present} already present\n")
        return
    users = _users()
    store_demo_settings(ACTOR, _templates(), _rules(users))
    reform = demo_calendar()
    # The proposals precede the Commission's work; their cases are as they stand today.
    end = moment(reform.proposals_end, 18)
    rows, messages = build_demo(count, users, work_calendar(), end, today=reform.today)
    stored = 0
    for start in range(0, len(rows), batch_size):
        chunk = rows[start : start + batch_size]
        added, _skipped = register_batch(ACTOR, chunk, {"demo": True, "rows": len(chunk)})
        stored += added
    _link_merged()
    _store_messages(messages)
    stdout.write(f"demo proposals: {stored} stored ({len(rows) - stored} already present)\n")


def _link_merged() -> None:
    """Each merged demo proposal points at the first earlier one on its topic and language."""
    first: dict[tuple[str, str], int] = {}
    pairs = []
    for pk, topic, language, outcome in (
        Proposal.objects.filter(source=DEMO_SOURCE)
        .order_by("registered_at", "id")
        .values_list("pk", "topic", "language", "outcome")
    ):
        key = (topic, language)
        if outcome == Outcome.MERGED and key in first:
            pairs.append((pk, first[key]))
        first.setdefault(key, pk)
    link_merged(ACTOR, pairs)


def _store_messages(messages: list[dict[str, Any]]) -> None:
    """The receipts and answers the demo submitters would have received, as sent."""
    from atazan.proposals.notify import compose_answer, compose_registration

    wanted = {m["external_id"] for m in messages}
    stored = {
        p.external_id: p
        for p in Proposal.objects.filter(source=DEMO_SOURCE, contact_email__gt="")
        .only(
            "id",
            "number",
            "external_id",
            "title",
            "language",
            "registered_at",
            "deadline",
            "contact_email",
            "outcome",
            "answer",
            "forwarded_to",
            "merged_into",
        )
        .select_related("merged_into")
        if p.external_id in wanted
    }
    rows = []
    for m in messages:
        proposal = stored.get(m["external_id"])
        if proposal is None:
            continue
        if m["kind"] == NotificationKind.REGISTERED:
            subject, body, language = compose_registration(proposal, "••••••••••")
        else:
            subject, body, language = compose_answer(proposal)
        rows.append(
            Notification(
                proposal_id=proposal.pk,
                kind=m["kind"],
                recipient=proposal.contact_email,
                language=language,
                subject=subject,
                body=body,
                created_at=m["at"],
                sent_at=m["at"],
            )
        )
    store_sent_messages(ACTOR, rows)
