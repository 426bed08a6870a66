"""Which language a proposal is written in: kk (either script), ru, en or other.

Two kinds of evidence are combined, and both can be read back as reasons:

* word evidence: Kazakh-only letters (ә ғ қ ң ө ұ ү һ), Kazakh and Russian
  function words, and for Latin script a lexicon of frequent Kazakh words
  compared after folding spelling variants (2021 alphabet, the apostrophe and
  acute variants, phone transliteration). Counting the words of each language
  separately is also what reveals Kazakh-Russian code-switching;
* a statistical character-model detector (Lingua, its models shipped inside
  the wheel, no download) for everything else, so that Spanish, Ukrainian,
  Turkish and the rest come out as "other".

Letters that Kazakh never uses (Tatar җ, Uzbek ў ҳ, Ukrainian ї є ґ, Serbian
and Macedonian letters) and Kyrgyz's ң ө ү without any other Kazakh letter
keep close neighbours out of "kk".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("kk", "ru", "en", "other")
UNDETERMINED = "other"

_KK_STRONG = frozenset("әғқңөұүһ")
_KK_LETTERS = _KK_STRONG | {"і"}
_FOREIGN_CYRILLIC = frozenset("җҗҙҫҡўҳєїґђћџљњѓќѕјӱӧӓӹ")
_KYRGYZ_ONLY = frozenset("ңөү")
_KK_NOT_KYRGYZ = frozenset("әғқұһі")
_RU_ONLY_LETTERS = frozenset("ёъщ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0259]")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʻʼ`][^\W\d_]+)*")

_KK_WORDS_CYRILLIC = frozenset(
    [
        "және",
        "мен",
        "бен",
        "пен",
        "бұл",
        "осы",
        "сол",
        "ол",
        "олар",
        "біз",
        "сіз",
        "менің",
        "біздің",
        "сіздің",
        "оның",
        "олардың",
        "үшін",
        "туралы",
        "бойынша",
        "арқылы",
        "сияқты",
        "дейін",
        "кейін",
        "керек",
        "қажет",
        "емес",
        "еді",
        "екен",
        "деп",
        "деген",
        "болып",
        "болса",
        "болады",
        "болу",
        "болған",
        "бар",
        "жоқ",
        "барлық",
        "кейбір",
        "көп",
        "ең",
        "өте",
        "тек",
        "ғана",
        "қана",
        "тағы",
        "немесе",
        "бірақ",
        "алайда",
        "сондықтан",
        "өйткені",
        "себебі",
        "егер",
        "қазір",
        "енді",
        "әлі",
        "ретінде",
        "жөнінде",
        "қатысты",
        "ұсынамын",
        "ұсыныс",
        "сұраймын",
        "құрметті",
        "сәлеметсіз",
        "рахмет",
        "құрметпен",
        "мемлекет",
        "мемлекеттік",
        "азамат",
        "азаматтар",
        "азаматтардың",
        "құқық",
        "құқығы",
        "халық",
        "халықтың",
        "ел",
        "елдің",
        "заң",
        "заңы",
        "тіл",
        "тілі",
        "тілінде",
        "қазақ",
        "қазақстан",
        "қоғам",
        "қоғамдық",
        "ұлттық",
        "жергілікті",
        "әкім",
        "әкімдер",
        "сайлау",
        "мәслихат",
        "үкімет",
        "білім",
        "денсаулық",
        "жастар",
        "отбасы",
        "жер",
        "су",
        "таза",
        "әділет",
        "тәртіп",
        "міндет",
        "бостандық",
        "теңдік",
        "өмір",
        "адам",
        "жеке",
        "қауіпсіздік",
        "ақпарат",
        "мектеп",
        "жаңа",
        "қолдау",
        "етеді",
        "ету",
        "тиіс",
        "мүмкін",
        "қорғау",
        "қамтамасыз",
        "беру",
        "алу",
        "жыл",
        "бабы",
        "бап",
        "бабын",
        "бабына",
        "тармақ",
        "тармағы",
        "бөлім",
        "бөлімі",
        "тарау",
        "конституцияда",
        "конституцияның",
        "конституцияға",
        "соттар",
        "депутаттар",
        "құрылтай",
        "жауап",
        "күтемін",
        "назарларыңызға",
    ]
)
# Russian words that Kazakh texts do not use (so "да", "не", "мен" are left out).
_RU_WORDS = frozenset(
    [
        "и",
        "в",
        "во",
        "на",
        "но",
        "что",
        "как",
        "так",
        "это",
        "этот",
        "эта",
        "эти",
        "тот",
        "те",
        "с",
        "со",
        "к",
        "ко",
        "по",
        "за",
        "из",
        "от",
        "до",
        "для",
        "при",
        "о",
        "об",
        "а",
        "или",
        "же",
        "ли",
        "бы",
        "то",
        "уже",
        "вот",
        "был",
        "была",
        "были",
        "быть",
        "будет",
        "будут",
        "есть",
        "нет",
        "если",
        "чтобы",
        "потому",
        "поэтому",
        "также",
        "тоже",
        "очень",
        "более",
        "всех",
        "все",
        "его",
        "её",
        "их",
        "он",
        "она",
        "оно",
        "они",
        "мы",
        "вы",
        "я",
        "меня",
        "мне",
        "мой",
        "наш",
        "наши",
        "ваш",
        "который",
        "которая",
        "которые",
        "которых",
        "какой",
        "такие",
        "своей",
        "свой",
        "свои",
        "себя",
        "между",
        "через",
        "после",
        "перед",
        "под",
        "над",
        "без",
        "только",
        "можно",
        "нужно",
        "необходимо",
        "должен",
        "должна",
        "должны",
        "следует",
        "может",
        "прошу",
        "предлагаю",
        "считаю",
        "уважаемая",
        "уважаемые",
        "здравствуйте",
        "спасибо",
        "уважением",
        "статья",
        "статьи",
        "статью",
        "статье",
        "пункт",
        "пункта",
        "граждан",
        "граждане",
        "права",
        "право",
        "закон",
        "закона",
        "государства",
        "государство",
        "президента",
        "парламента",
        "суда",
        "года",
        "время",
        "люди",
    ]
)
_RU_ENDINGS = (
    "ого",
    "ому",
    "ыми",
    "ими",
    "ться",
    "ется",
    "ются",
    "ение",
    "ения",
    "ость",
    "ости",
    "ствие",
    "ствия",
    "ческий",
    "ческой",
    "ующий",
    "ующих",
    "ировать",
    "ным",
    "ной",
    "ный",
    "ть",
    "ся",
    "ие",
    "ый",
    "ий",
    "ая",
    "ое",
    "ые",
    "ых",
    "ую",
    "ешь",
    "ишь",
    "ют",
    "ят",
    "ами",
    "ями",
    "ях",
    "ции",
    "ать",
    "ить",
    "ала",
    "ило",
    "или",
    "ала",
    "ено",
    "ены",
    "ена",
)
_KYRGYZ_WORDS = frozenset(
    [
        "эмне",
        "жана",
        "менен",
        "үчүн",
        "болот",
        "мыйзам",
        "укук",
        "укуктары",
        "абдан",
        "эч",
        "эл",
        "элдин",
        "кечээ",
        "баары",
        "баарына",
        "бирдей",
        "болушу",
        "менин",
        "оюмча",
        "жакшы",
        "демилге",
        "сунуш",
        "сунушту",
        "колдойм",
        "тили",
    ]
)
_UKRAINIAN_WORDS = frozenset(
    [
        "і",
        "та",
        "що",
        "це",
        "як",
        "від",
        "із",
        "які",
        "який",
        "має",
        "мають",
        "повинні",
        "повинен",
        "щоб",
        "усі",
        "всі",
        "дякую",
        "дзякуй",
        "роботу",
        "працу",
        "будь",
        "ласка",
    ]
)
_DOUBLE_VOWEL = re.compile(r"(аа|ээ|оо|уу|үү|өө|ыы)")
_KK_ENDINGS = (
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің",
    "мыз",
    "міз",
    "ымыз",
    "іміз",
    "ға",
    "ғе",
    "қа",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "лардың",
    "лердің",
    "ларды",
    "лерді",
    "лық",
    "лік",
    "дық",
    "дік",
    "тық",
    "тік",
    "сыз",
    "сіз",
    "уге",
    "уға",
    "мын",
    "мін",
    "ймын",
    "ймін",
)

# Frequent Kazakh words in the 2021 Latin alphabet; folded with _fold_latin below.
_KK_WORDS_LATIN = """
jäne men ben pen bul osy sol ol olar biz siz menıñ bızdıñ onyñ üşın turaly boiynşa arqyly siiaqty deiın
keiın kerek qajet emes edı eken dep degen bolyp bolsa bolady bolu bolğan bar joq barlyq keibır köp eñ
öte tek ğana qana tağy nemese bıraq alaida sondyqtan öitkenı sebebı eger qazır endı älı retınde jönınde
qatysty ūsynamyn ūsynys sūraimyn qūrmettı sälemetsız rahmet qūrmetpen memleket memlekettık azamat
azamattar azamattardyñ qūqyq qūqyğy halyq halyqtyñ eldıñ zañ zañy tıl tılı tılınde qazaq qazaqstan
qoğam qoğamdyq ūlttyq jergılıktı äkım äkımder saılau mäslihat ükımet bılım densaulyq jastar otbasy
jer taza ädılet tärtıp mındet bostandyq teñdık ömır adam jeke qauıpsızdık aqparat mektep jaña qoldau
etedı etu tiıs mümkın qorğau qamtamasyz beru alu jyl baby bap tarmaq tarmağy bölım bölımı tarau
konstitusiiada konstitusiianyñ konstitusiiağa prezident parlament sot depputattar qūryltai jauap
kütemın mäselesı mäsele qūqyqtary jağdai bügın aldyn ūlt tūrğyndar tūrğyndardyñ auyl audan oblys
"""
_KK_Q = re.compile(r"q(?!u)")
_ENGLISH_FUNCTION = frozenset(
    [
        "the",
        "an",
        "and",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "is",
        "are",
        "was",
        "were",
        "been",
        "it",
        "this",
        "that",
        "you",
        "we",
        "they",
        "my",
        "your",
        "our",
        "their",
        "should",
        "would",
        "could",
        "will",
        "can",
        "please",
        "not",
    ]
)
_UZBEK_WORDS = frozenset(
    [
        "va",
        "uchun",
        "bilan",
        "ham",
        "qilish",
        "yoki",
        "lekin",
        "chunki",
        "juda",
        "rahmat",
        "yaxshi",
        "kerak",
        "emas",
    ]
)
_TURKISH_WORDS = frozenset(
    [
        "ve",
        "bir",
        "için",
        "ile",
        "olarak",
        "değil",
        "daha",
        "çok",
        "gibi",
        "olan",
        "ama",
        "kadar",
        "göre",
        "yeni",
        "bu",
    ]
)
_LATIN_FOLD = str.maketrans(
    {
        "ä": "a",
        "á": "a",
        "ğ": "g",
        "ǵ": "g",
        "ı": "i",
        "ñ": "n",
        "ń": "n",
        "ö": "o",
        "ó": "o",
        "ū": "u",
        "ú": "u",
        "ü": "u",
        "ý": "i",
        "ş": "s",
        "ç": "c",
        "y": "i",
        "'": "",
        "’": "",
        "ʻ": "",
        "ʼ": "",
        "`": "",
    }
)


_CYRILLIC_SKELETON = str.maketrans(
    {
        "а": "a",
        "ә": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ғ": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "j",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "қ": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "ң": "n",
        "о": "o",
        "ө": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ұ": "u",
        "ү": "u",
        "ф": "f",
        "х": "h",
        "һ": "h",
        "ц": "s",
        "ч": "c",
        "ш": "s",
        "щ": "s",
        "ъ": "",
        "ы": "i",
        "і": "i",
        "ь": "",
        "э": "e",
        "ю": "iu",
        "я": "ia",
    }
)


def skeleton(word: str) -> str:
    """A spelling-free key for a Kazakh word in any script or transliteration scheme."""
    word = word.lower()
    if _CYRILLIC.search(word):
        return word.translate(_CYRILLIC_SKELETON)
    return _fold_latin(word).replace("q", "k").replace("w", "u").replace("x", "h")


def _fold_latin(word: str) -> str:
    """One spelling for the variants people type Kazakh Latin in."""
    word = word.lower()
    for digraph, single in (
        ("sh", "s"),
        ("ch", "c"),
        ("gh", "g"),
        ("ng", "n"),
        ("zh", "j"),
        ("kh", "h"),
    ):
        word = word.replace(digraph, single)
    return word.translate(_LATIN_FOLD)


_KK_FOLDED = frozenset(_fold_latin(w) for w in _KK_WORDS_LATIN.split())
_COMMON_FOREIGN = frozenset(
    [
        "that",
        "this",
        "with",
        "have",
        "from",
        "they",
        "will",
        "would",
        "there",
        "their",
        "what",
        "about",
        "which",
        "when",
        "make",
        "like",
        "time",
        "just",
        "know",
        "take",
        "into",
        "year",
        "your",
        "good",
        "some",
        "could",
        "them",
        "other",
        "than",
        "then",
        "look",
        "only",
        "come",
        "over",
        "think",
        "also",
        "back",
        "after",
        "work",
        "first",
        "well",
        "even",
        "want",
        "because",
        "these",
        "give",
        "most",
        "para",
        "como",
        "pero",
        "esta",
        "este",
        "todo",
        "bien",
        "hace",
        "tiene",
        "desde",
        "hasta",
        "sobre",
        "entre",
        "cuando",
        "donde",
        "porque",
        "bir",
        "için",
        "olan",
        "daha",
        "gibi",
        "kadar",
        "sonra",
        "bile",
        "bunu",
        "diye",
        "olarak",
        "değil",
    ]
)


@functools.cache
def _kk_skeletons() -> frozenset[str]:
    """Skeletons of Kazakh word forms (from the shipped word list), four letters or more."""
    from importlib.resources import files

    listed = (
        files("atazan_analysis").joinpath("data/kk_words.txt").read_text(encoding="utf-8").split()
    )
    words = [w for w in listed if not w.startswith("#")] + list(_KK_WORDS_CYRILLIC)
    foreign = {skeleton(w) for w in _COMMON_FOREIGN}
    return frozenset(k for k in (skeleton(w) for w in words) if len(k) >= 4 and k not in foreign)


# Folding makes some Kazakh words collide with common English and Spanish ones.
_KK_FOLDED -= {
    "men",
    "bar",
    "ol",
    "el",
    "sol",
    "tek",
    "biz",
    "bap",
    "taza",
    "adam",
    "jer",
    "alu",
    "en",
    "ser",
    "bul",
    "dep",
    "ben",
    "pen",
    "eger",
    "osi",
    "jane",
}
_KK_LATIN_LETTERS = frozenset("äğıñūüöşáǵńóúý")
#: Kazakh suffixes after skeleton folding that English, Spanish and Turkish words rarely end with.
_KK_LATIN_ENDINGS = (
    "mai",
    "mei",
    "maidi",
    "meidi",
    "imiz",
    "miz",
    "dagi",
    "degi",
    "tagi",
    "tegi",
    "giz",
    "kiz",
    "ganda",
    "genda",
    "kanda",
    "kenda",
    "uge",
    "uga",
    "atin",
    "etin",
    "itir",
    "atir",
    "iatir",
)


@dataclass(frozen=True)
class LanguageGuess:
    """The language, whether Kazakh and Russian are mixed, the script, and why."""

    language: str
    mixed: bool
    script: str
    reason: str


#: The character model only needs to tell our three languages from their likely neighbours
#: and from the languages of foreign and migrant writers; a short list keeps it fast.
_CHARACTER_MODEL_LANGUAGES = (
    "KAZAKH",
    "RUSSIAN",
    "ENGLISH",
    "UKRAINIAN",
    "BELARUSIAN",
    "BULGARIAN",
    "MACEDONIAN",
    "SERBIAN",
    "MONGOLIAN",
    "TURKISH",
    "AZERBAIJANI",
    "SPANISH",
    "PORTUGUESE",
    "CATALAN",
    "FRENCH",
    "ITALIAN",
    "GERMAN",
    "DUTCH",
    "POLISH",
    "CZECH",
    "ROMANIAN",
    "CHINESE",
    "ARABIC",
    "PERSIAN",
    "KOREAN",
    "JAPANESE",
)
_MODEL_CHARS = 600


@functools.cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        getattr(Language, name) for name in _CHARACTER_MODEL_LANGUAGES if hasattr(Language, name)
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _lingua_names(texts: Sequence[str]) -> list[str]:
    """The statistical detector's guess for each text, as a lower-case language name."""
    if not texts:
        return []
    found = _detector().detect_languages_in_parallel_of([t[:_MODEL_CHARS] for t in texts])
    return [lang.name.lower() if lang is not None else "" for lang in found]


def _script(letters: str) -> str:
    cyr = len(_CYRILLIC.findall(letters))
    lat = len(_LATIN.findall(letters))
    if not cyr and not lat:
        return "other"
    return "Cyrl" if cyr >= lat else "Latn"


def _cyrillic_counts(words: list[str], text_letters: set[str]) -> tuple[int, int]:
    """How many words are unmistakably Kazakh and how many unmistakably Russian."""
    strong = bool(text_letters & _KK_STRONG)
    kk = ru = 0
    for word in words:
        letters = set(word)
        if letters & _KK_STRONG or (strong and "і" in letters) or word in _KK_WORDS_CYRILLIC:
            kk += 1
        elif word in _RU_WORDS or letters & _RU_ONLY_LETTERS:
            ru += 1
        elif len(word) > 5 and word.endswith(_KK_ENDINGS) and strong:
            kk += 1
        elif len(word) > 3 and word.endswith(_RU_ENDINGS):
            ru += 1
    return kk, ru


def _neighbour(words: list[str], letters: set[str], ru: int) -> str:
    """Kyrgyz, Tatar or Ukrainian evidence in a text without Kazakh-only letters."""
    if sum(1 for w in words if w in _UKRAINIAN_WORDS) and not letters & _KK_STRONG:
        return "Ukrainian words"
    if letters & {"қ", "ғ", "ұ", "і"}:
        return ""
    kyrgyz = sum(1 for w in words if w in _KYRGYZ_WORDS or _DOUBLE_VOWEL.search(w))
    if kyrgyz and ru < 2:
        return "Kyrgyz words"
    tatar = sum(1 for w in words if set(w) & {"ә", "ө", "ү", "һ"})
    if tatar >= 2 and len(words) >= 3 and ru < 2 and (letters & {"ә", "һ"} or "ң" not in letters):
        return "ә ө ү һ without қ ғ ұ і (Tatar or Bashkir)"
    if letters & _KYRGYZ_ONLY and len(words) >= 5 and ru < 2:
        return "ң ө ү without other Kazakh letters (Kyrgyz)"
    return ""


@functools.cache
def _kazakh_russian_detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.KAZAKH, Language.RUSSIAN).build()


def _segment_words(text: str) -> tuple[int, int]:
    """Words in Kazakh and in Russian stretches of a mixed text, by the character model.

    Word lists miss Kazakh words written without Kazakh-only letters (болуы,
    бекер) and Russian words without telltale endings; the model's segments
    weigh every word.
    """
    kk = ru = 0
    for segment in _kazakh_russian_detector().detect_multiple_languages_of(
        text[: _MODEL_CHARS * 4]
    ):
        if segment.language.name == "KAZAKH":
            kk += segment.word_count
        else:
            ru += segment.word_count
    return kk, ru


def _decide_cyrillic(
    words: list[str], letters: set[str], lingua: str, text: str
) -> tuple[str, bool, str]:
    if letters & _FOREIGN_CYRILLIC:
        return "other", False, "letters Kazakh and Russian do not use"
    kk, ru = _cyrillic_counts(words, letters)
    neighbour = _neighbour(words, letters, ru)
    if neighbour:
        return "other", False, neighbour
    marked = kk + ru
    if kk >= 2 and ru >= 1 and (ru >= 2 or kk <= 4) and min(kk, ru) / marked >= 0.15:
        known = _kk_skeletons()
        kk_all = sum(
            1
            for w in words
            if set(w) & _KK_LETTERS or w in _KK_WORDS_CYRILLIC or skeleton(w) in known
        )
        ru_positive = sum(
            1 for w in words if w in _RU_WORDS or (len(w) > 3 and w.endswith(_RU_ENDINGS))
        )
        unknown = sum(1 for w in words if len(w) > 2) - kk_all - ru_positive
        ru_all = ru_positive + unknown // 2
        kk_segment, ru_segment = _segment_words(text)
        if kk_segment != ru_segment:
            dominant = "kk" if kk_segment > ru_segment else "ru"
            return (
                dominant,
                True,
                f"{kk_segment} words in Kazakh and {ru_segment} in Russian stretches",
            )
        dominant = (
            "kk"
            if kk_all > ru_all
            else "ru"
            if ru_all > kk_all
            else ("kk" if lingua == "kazakh" else "ru")
        )
        return dominant, True, f"{kk_all} Kazakh and {ru_all} other words"
    slavic_or_mongolian = (
        "ukrainian",
        "belarusian",
        "bulgarian",
        "macedonian",
        "serbian",
        "mongolian",
    )
    looks_russian = (
        ru and lingua in ("ukrainian", "belarusian") and not letters & {"і", "ї", "є", "ґ", "ў"}
    )
    if lingua in slavic_or_mongolian and kk == 0 and not looks_russian:
        return "other", False, f"character model: {lingua}"
    if kk and (kk >= ru or lingua == "kazakh"):
        return "kk", False, f"{kk} Kazakh words"
    if lingua == "kazakh":
        return "kk", False, "character model: kazakh"
    if ru or lingua == "russian":
        return "ru", False, f"{ru} Russian words" if ru else "character model: russian"
    if lingua == "english":
        return "en", False, "character model: english"
    return "other", False, f"character model: {lingua or 'unknown'}"


def _decide_latin(words: list[str], raw: str, lingua: str) -> tuple[str, bool, str]:
    lowered = raw.lower()
    if "ə" in lowered:
        return "other", False, "the letter ə (Azerbaijani)"
    folded = [_fold_latin(w) for w in words]
    known = _kk_skeletons()
    kk = sum(
        1 for w, f in zip(words, folded, strict=True) if f in _KK_FOLDED or skeleton(w) in known
    )
    kk += sum(1 for w in words if "ū" in w or "ı" in w and "q" in w)
    kk += sum(1 for w in words if len(w) > 4 and skeleton(w).endswith(_KK_LATIN_ENDINGS))
    uz = sum(
        1
        for w in words
        if w in _UZBEK_WORDS or "oʻ" in w or "gʻ" in w or w.endswith(("moqda", "yapti", "dir"))
    )
    tr = sum(1 for w in words if w in _TURKISH_WORDS)
    q_words = sum(1 for w in words if _KK_Q.search(w))
    english = sum(1 for w in words if w in _ENGLISH_FUNCTION)
    evidence = kk + q_words
    share = evidence / max(len(words), 1)
    special = bool(set(lowered) & _KK_LATIN_LETTERS)
    if lingua == "english" and english >= 2 and english >= evidence:
        return "en", False, f"{english} English function words"
    if uz >= 1 and uz >= kk:
        return "other", False, "Uzbek words"
    if (
        (evidence >= 2 or (evidence == 1 and (special or len(words) <= 3)))
        and share >= 0.2
        and evidence > tr
    ):
        return "kk", False, f"{evidence} Kazakh words in Latin script"
    if lingua == "english":
        return "en", False, "character model: english"
    if lingua == "kazakh":
        return "kk", False, "character model: kazakh"
    return "other", False, f"character model: {lingua or 'unknown'}"


def detect_many(texts: Sequence[str]) -> list[LanguageGuess]:
    """Language of each text; batched because the character model runs in parallel."""
    lingua = _lingua_names(texts)
    return [_decide(text, hint) for text, hint in zip(texts, lingua, strict=True)]


def detect(text: str) -> LanguageGuess:
    """Language of one text."""
    return detect_many([text])[0]


def _decide(text: str, lingua: str) -> LanguageGuess:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    letters_only = "".join(words)
    if not letters_only:
        return LanguageGuess(UNDETERMINED, False, "other", "no letters")
    script = _script(letters_only)
    if script == "Cyrl":
        language, mixed, reason = _decide_cyrillic(words, set(letters_only), lingua, text)
    elif script == "Latn":
        language, mixed, reason = _decide_latin(words, text, lingua)
    else:
        language, mixed, reason = "other", False, "neither Cyrillic nor Latin script"
    return LanguageGuess(language, mixed, script, reason)
