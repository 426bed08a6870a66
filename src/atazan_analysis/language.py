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
#: The languages reported when a caller names none; everything else is "other".
DEFAULT_LANGUAGES = ("kk", "ru", "en")
UNDETERMINED = "other"


def _words(block: str) -> frozenset[str]:
    """A word list written as running text, which keeps long lists readable."""
    return frozenset(block.split())


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
        "болушу",
        "оюмча",
        "жакшы",
        "демилге",
        "сунуш",
        "сунушту",
        "колдойм",
        "кыргыз",
        "кыргызстан",
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
# Kyrgyz stems that Kazakh spells otherwise (заң, құқық, бастама, ұсыныс, сайлау, үкімет).
_KYRGYZ_STEMS = ("мыйзам", "укук", "демилге", "сунуш", "шайлоо", "өкмөт")
# Kazakh function words spelled with letters Kyrgyz shares, which Kyrgyz says otherwise.
_KK_NOT_KYRGYZ_WORDS = _words(
    "туралы бойынша осы сол ол олар емес болады сияқты дейін кейін немесе себебі"
)
_DOUBLE_VOWEL = re.compile(r"(аа|ээ|оо|уу|үү|өө|ыы)")
# Kyrgyz has ч where Kazakh has ш (оюмча / ойымша) and verbal nouns in -ышы where Kazakh has -уы.
_KYRGYZ_SHAPE = re.compile(r"ч|(?:ышы|иши|ушу|үшү)$")
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
# More Russian words that Kazakh does not share, for short Russian texts with few telltale endings.
_RU_MORE = _words(
    """
    никто ничего ничто никогда нигде сюда туда здесь там где когда почему зачем кто чем нам нас
    вам вас ему всё весь вся всем всего ещё даже тут ведь ну вообще сейчас потом тогда теперь
    всегда хочу хотим хотят надо знаю думаю пишу давайте конечно хотя лишь ни нужна нужен нужны
    этого этой этом этих эту такой такая свою наша нашей наших нашего ваша вашей ваших сам сама
    сами тоже просто почти тем том кого чего нибудь снова опять пусть разве
    """
)
# Tatar words that Kazakh spells differently (мин / мен, бу / бұл, белән / бен, кирәк / керек).
_TATAR_WORDS = _words(
    """
    мин син ул бу шул бик була булырга булып белән һәм хәм өчен түгел кирәк яхшы иде безнең сезнең
    тиеш итеп итә юк әйе хәзер шулай ничек нигә ләкин буенча турында рәхмәт барысы гына
    """
)
# Azerbaijani words as typed with or without ə; Turkish and Kazakh spell them otherwise.
_AZERBAIJANI_WORDS = _words(
    """
    və ve ilə ile üçün olaraq çox deyil amma edir yox mən sən həm hər olacaq edəcək lazımdır
    vətəndaş hüquq haqqında qanun dövlət
    """
) - {"ve", "ile"}
# Frequent English words that are not also Spanish, Kazakh or Turkish words: on a short
# text, the character model says "English" about too many things ("Obvio", "S/F").
_ENGLISH_COMMON = _words(
    """
    the of and to it you that he for are with as his they at be this have from or
    one had by but not what all were we when your can said there use each which she do how their
    if will up other about out many then them these some would make like him into time
    look two more write go number way could people my than first been call who its now find
    long down day did get made may part over new after back any good give most very
    well why ask went read need different home us move try picture again change
    off play spell air away house point page letter mother answer found study still learn
    should world high every near add food between own below country plant last school father keep
    tree never start city earth eye light thought head under story saw left few while along might
    close something seem next hard open example begin life always those both paper together got
    group often run important until children side feet car night walk white began grow
    took river four carry state book hear stop without second later miss enough eat face
    watch far really almost let above girl sometimes mountain cut young talk soon list song being
    leave family yes too thank thanks please agree disagree support fully strongly great right
    rights law laws government vote votes free fair court courts election elections power citizens
    proposal propose suggest constitution article parliament president think want must shall
    everyone everybody anything nothing nobody official today tomorrow done
    """
)
_Y_AS_VOWEL = re.compile(r"[bcdfghjklmnpqrstvwxz]y[bcdfghjklmnpqrstvwxz]")
# Polish and Czech also use y as a vowel between consonants; their own letters tell them apart.
_WEST_SLAVIC_LETTERS = frozenset("ąęłśźżćčřšžěů")
# An apostrophe inside a word marks the 2017 Kazakh alphabet (jastarg'a, qu'rmetti), unless it
# is an English contraction or a French or Italian elision.
_INNER_APOSTROPHE = re.compile(r"[a-z]'[a-z]")
_ELISIONS = ("l'", "d'", "j'", "qu'", "c'", "s'", "n'", "m'", "t'", "dell'", "all'", "un'")
_CONTRACTIONS = ("'s", "'t", "'re", "'ll", "'ve", "'d", "'m")

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
    word = word.lower().replace("y'", "u").replace("y’", "u")
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
    "atir",
    "iatir",
    # first person present and its negation: qoldaimyn, kelispeimin
    "aimin",
    "eimin",
    "aimiz",
    "eimiz",
    "amin",
    "emin",
)


@dataclass(frozen=True)
class LanguageGuess:
    """The language, whether Kazakh and Russian are mixed, the script, and why."""

    language: str
    mixed: bool
    script: str
    reason: str


#: The character model only needs to tell our three languages from their likely neighbours
#: and from the languages of foreign and migrant writers; a short list keeps it fast. Languages
#: a caller asks for are added to it.
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
#: Below this many words a text's character-model guess is only taken when the model is sure.
_SHORT_WORDS = 3
#: Below this many words an English guess needs an English word or a sure model.
_FEW_WORDS = 6
_SURE = 0.6
_CYRILLIC_NEIGHBOURS = frozenset(["uk", "be", "bg", "mk", "sr", "mn"])


@functools.cache
def _lingua_codes() -> dict[str, Any]:
    """Every language the character model knows, by its ISO 639-1 code."""
    from lingua import Language

    return {lang.iso_code_639_1.name.lower(): lang for lang in Language.all()}


def supported_languages() -> frozenset[str]:
    """ISO 639-1 codes ``detect_many`` can report: Lingua's 75 languages."""
    return frozenset(_lingua_codes())


def _wanted(languages: Sequence[str]) -> frozenset[str]:
    """The requested codes, checked, so that a typing error fails loudly instead of hiding texts."""
    codes = frozenset(code.strip().lower() for code in languages)
    unknown = sorted(codes - supported_languages())
    if unknown:
        raise ValueError(
            f"unknown language codes {unknown}: use ISO 639-1 codes of the character model's "
            f"languages ({', '.join(sorted(supported_languages()))})"
        )
    return codes


@functools.cache
def _detector(extra: frozenset[str] = frozenset()) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = {
        getattr(Language, name) for name in _CHARACTER_MODEL_LANGUAGES if hasattr(Language, name)
    }
    languages |= {_lingua_codes()[code] for code in extra}
    return LanguageDetectorBuilder.from_languages(*languages).build()


@dataclass(frozen=True)
class _Hint:
    """The character model's guess (an ISO 639-1 code, "" for none) and how sure it is."""

    code: str
    confidence: float


def _model_hints(texts: Sequence[str], extra: frozenset[str]) -> list[_Hint]:
    """The character model's guess for each text.

    Long texts take the plain detection; for the few very short ones the model's
    confidence is computed too, so that a guess from one word can be refused.
    """
    if not texts:
        return []
    detector = _detector(extra)
    clipped = [t[:_MODEL_CHARS] for t in texts]
    short = [i for i, t in enumerate(clipped) if len(_WORD.findall(t)) < _FEW_WORDS]
    short_set = set(short)
    long_ = [i for i in range(len(clipped)) if i not in short_set]
    hints = [_Hint("", 0.0)] * len(clipped)
    found = detector.detect_languages_in_parallel_of([clipped[i] for i in long_])
    for i, lang in zip(long_, found, strict=True):
        hints[i] = _Hint(lang.iso_code_639_1.name.lower() if lang is not None else "", 1.0)
    values = detector.compute_language_confidence_values_in_parallel([clipped[i] for i in short])
    for i, ranked in zip(short, values, strict=True):
        if ranked:
            top = ranked[0]
            hints[i] = _Hint(top.language.iso_code_639_1.name.lower(), top.value)
    return hints


def _script(letters: str) -> str:
    cyr = len(_CYRILLIC.findall(letters))
    lat = len(_LATIN.findall(letters))
    if not cyr and not lat:
        return "other"
    return "Cyrl" if cyr >= lat else "Latn"


def _is_russian_word(word: str) -> bool:
    return word in _RU_WORDS or (len(word) > 3 and word.endswith(_RU_ENDINGS))


def _cyrillic_counts(words: list[str], text_letters: set[str]) -> tuple[int, int]:
    """How many words are unmistakably Kazakh and how many unmistakably Russian."""
    strong = bool(text_letters & _KK_STRONG)
    kk = ru = 0
    for word in words:
        letters = set(word)
        if letters & _KK_STRONG or (strong and "і" in letters) or word in _KK_WORDS_CYRILLIC:
            kk += 1
        elif word in _RU_WORDS or word in _RU_MORE or letters & _RU_ONLY_LETTERS:
            ru += 1
        elif len(word) > 5 and word.endswith(_KK_ENDINGS) and strong:
            kk += 1
        elif len(word) > 3 and word.endswith(_RU_ENDINGS):
            ru += 1
    return kk, ru


def _kazakh_without_kazakh_letters(words: list[str]) -> int:
    """Words that are Kazakh once Russian look-alike letters are read as Kazakh ones.

    People without a Kazakh keyboard type қ as к, і as и, ң as н; the skeleton of
    such a word still matches the Kazakh word list.
    """
    known = _kk_skeletons()
    return sum(
        1
        for w in words
        if len(w) >= 4 and not _is_russian_word(w) and w not in _RU_MORE and skeleton(w) in known
    )


def _neighbour(
    words: list[str], letters: set[str], ru: int, kk_typed: int, hint: str
) -> tuple[str, str]:
    """Kyrgyz, Tatar or Ukrainian evidence in a text without Kazakh-only letters.

    ч and -ышы count for Kyrgyz only when the character model sees a Kazakh-like
    text: Russian has ч too.
    """
    if sum(1 for w in words if w in _UKRAINIAN_WORDS) and not letters & _KK_STRONG:
        return "uk", "Ukrainian words"
    tatar_words = sum(1 for w in words if w in _TATAR_WORDS)
    if tatar_words and tatar_words >= ru and not letters & {"қ", "ғ", "ұ", "і"}:
        return "tt", "Tatar words"
    if letters & {"қ", "ғ", "ұ", "і"}:
        return "", ""
    kyrgyz = sum(
        1
        for w in words
        if w in _KYRGYZ_WORDS
        or w.startswith(_KYRGYZ_STEMS)
        or _DOUBLE_VOWEL.search(w)
        or (
            hint == "kk"
            and _KYRGYZ_SHAPE.search(w)
            and not _is_russian_word(w)
            and w not in _RU_MORE
        )
    )
    if kyrgyz and ru < 2 and (kyrgyz >= 2 or kyrgyz >= kk_typed):
        return "ky", "Kyrgyz words"
    tatar = sum(1 for w in words if set(w) & {"ә", "ө", "ү", "һ"})
    if tatar >= 2 and len(words) >= 3 and ru < 2 and (letters & {"ә", "һ"} or "ң" not in letters):
        return "tt", "ә ө ү һ without қ ғ ұ і (Tatar or Bashkir)"
    kazakh_function = sum(1 for w in words if w in _KK_NOT_KYRGYZ_WORDS)
    if letters & _KYRGYZ_ONLY and len(words) >= 5 and ru < 2 and not kazakh_function:
        return "ky", "ң ө ү without other Kazakh letters (Kyrgyz)"
    return "", ""


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


def _kazakh_or_russian(text: str) -> str:
    """The character model's choice between Kazakh and Russian only."""
    found = _kazakh_russian_detector().detect_language_of(text[:_MODEL_CHARS])
    return "kk" if found is not None and found.name == "KAZAKH" else "ru"


_Decision = tuple[str, bool, str]


def _decide_mixed(words: list[str], text: str, hint: str) -> _Decision:
    """The dominant language of a Kazakh-Russian text: the model's stretches, then word counts."""
    known = _kk_skeletons()
    kk_all = sum(
        1 for w in words if set(w) & _KK_LETTERS or w in _KK_WORDS_CYRILLIC or skeleton(w) in known
    )
    ru_positive = sum(1 for w in words if _is_russian_word(w) or w in _RU_MORE)
    unknown = sum(1 for w in words if len(w) > 2) - kk_all - ru_positive
    ru_all = ru_positive + unknown // 2
    kk_segment, ru_segment = _segment_words(text)
    if not kk_segment or not ru_segment:
        # The word lists saw both languages, the model one: a loanword or an ending, not a switch.
        alone = "kk" if kk_segment else "ru"
        return alone, False, f"{max(kk_segment, ru_segment)} words, all in {alone} stretches"
    if kk_segment != ru_segment:
        dominant = "kk" if kk_segment > ru_segment else "ru"
        return (
            dominant,
            True,
            f"{kk_segment} words in Kazakh and {ru_segment} in Russian stretches",
        )
    dominant = (
        "kk" if kk_all > ru_all else "ru" if ru_all > kk_all else ("kk" if hint == "kk" else "ru")
    )
    return dominant, True, f"{kk_all} Kazakh and {ru_all} other words"


def _decide_cyrillic(words: list[str], letters: set[str], hint: _Hint, text: str) -> _Decision:
    if letters & _FOREIGN_CYRILLIC:
        code = hint.code if hint.code in _CYRILLIC_NEIGHBOURS else ""
        return code, False, "letters Kazakh and Russian do not use"
    kk, ru = _cyrillic_counts(words, letters)
    kk_typed = _kazakh_without_kazakh_letters(words) if not letters & _KK_LETTERS else 0
    code, why = _neighbour(words, letters, ru, kk_typed, hint.code)
    if code:
        return code, False, why
    marked = kk + ru
    if kk >= 2 and ru >= 1 and (ru >= 2 or kk <= 4) and min(kk, ru) / marked >= 0.15:
        return _decide_mixed(words, text, hint.code)
    if kk and ru and kk == ru:
        # One word of each: too few to count, so the model chooses between the two.
        choice = _kazakh_or_russian(text)
        return choice, False, f"{kk} Kazakh and {ru} Russian words; character model: {choice}"
    looks_russian = ru and hint.code in ("uk", "be") and not letters & {"і", "ї", "є", "ґ", "ў"}
    if hint.code in _CYRILLIC_NEIGHBOURS and kk == 0 and kk_typed == 0 and not looks_russian:
        if len(words) < _SHORT_WORDS and hint.confidence < _SURE:
            choice = _kazakh_or_russian(text)
            return choice, False, f"too short for other languages; character model: {choice}"
        return hint.code, False, f"character model: {hint.code}"
    if kk and (kk >= ru or hint.code == "kk"):
        return "kk", False, f"{kk} Kazakh words"
    if kk_typed >= 2 and kk_typed > ru and hint.code != "ru":
        return "kk", False, f"{kk_typed} Kazakh words typed without Kazakh letters"
    if hint.code == "kk":
        return "kk", False, "character model: kk"
    if ru or hint.code == "ru":
        return "ru", False, f"{ru} Russian words" if ru else "character model: ru"
    return hint.code, False, f"character model: {hint.code or 'unknown'}"


#: Letters of the Kazakh Latin alphabets that some Latin-script languages also write.
_SHARED_LETTERS = {"ä": frozenset(["de", "sv", "fi", "et", "sk"])}


def _latin_kazakh_shape(word: str, hint: str, west_slavic: bool) -> bool:
    """A Latin word spelled as only Kazakh is spelled in Latin letters.

    y used as a vowel between consonants (bolyp, otyrmyn), zh, the letters ä ñ ū
    that Turkish and Azerbaijani do not have, or the 2021 ı next to front vowels,
    which Turkish vowel harmony forbids.
    """
    letters = {c for c in ("ä",) if hint not in _SHARED_LETTERS[c]} | {"ū"}
    apostrophe = (
        _INNER_APOSTROPHE.search(word)
        and not word.startswith(_ELISIONS)
        and not word.endswith(_CONTRACTIONS)
    )
    return bool(
        (_Y_AS_VOWEL.search(word) and not west_slavic)
        or apostrophe
        or "zh" in word
        or set(word) & letters
        or ("ı" in word and set(word) & {"e", "ö", "ü"})
    )


def _decide_latin(words: list[str], raw: str, hint: _Hint) -> _Decision:
    lowered = raw.lower()
    if "ə" in lowered:
        return "az", False, "the letter ə (Azerbaijani)"
    known = _kk_skeletons()
    kk = sum(1 for w in words if _fold_latin(w) in _KK_FOLDED or _skeleton_known(w, known))
    kk += sum(1 for w in words if "ū" in w or "ı" in w and "q" in w)
    kk += sum(1 for w in words if len(w) > 4 and skeleton(w).endswith(_KK_LATIN_ENDINGS))
    west_slavic = bool(set(lowered) & _WEST_SLAVIC_LETTERS)
    shape = sum(
        1
        for w in words
        if w not in _ENGLISH_COMMON and _latin_kazakh_shape(w, hint.code, west_slavic)
    )
    uz = sum(
        1
        for w in words
        if w in _UZBEK_WORDS
        or "oʻ" in w
        or "gʻ" in w
        or "yo'" in w
        or "bo'l" in w
        or w.endswith(("moqda", "yapti"))
    )
    tr = sum(1 for w in words if w in _TURKISH_WORDS)
    az = sum(1 for w in words if w in _AZERBAIJANI_WORDS or w.endswith(("acaq", "əcək", "maq")))
    q_words = sum(1 for w in words if _KK_Q.search(w))
    english = sum(1 for w in words if w in _ENGLISH_FUNCTION)
    english_any = sum(1 for w in words if w in _ENGLISH_COMMON)
    evidence = max(kk + q_words, kk + shape)
    share = evidence / max(len(words), 1)
    special = bool(set(lowered) & _KK_LATIN_LETTERS)
    if hint.code == "en" and english >= 2 and english >= evidence:
        return "en", False, f"{english} English function words"
    kazakh_claim = (
        (evidence >= 2 or (evidence == 1 and (special or len(words) <= 3)))
        and share >= 0.2
        and evidence > tr
    )
    # Uzbek and Azerbaijani words only matter against a Kazakh claim: "va" is Spanish too.
    uzbek_letters = "oʻ" in lowered or "gʻ" in lowered
    if uzbek_letters or (kazakh_claim and uz >= 1 and uz >= kk):
        return "uz", False, "Uzbek words"
    if kazakh_claim and az >= 1 and az >= kk:
        return "az", False, "Azerbaijani words"
    if kazakh_claim:
        return "kk", False, f"{evidence} Kazakh words in Latin script"
    if hint.code == "en" and (english_any or len(words) >= _FEW_WORDS or hint.confidence >= _SURE):
        return "en", False, "character model: en"
    if hint.code != "en" and english_any and english_any * 2 >= len(words):
        return "en", False, f"{english_any} common English words"
    if hint.code == "kk":
        return "kk", False, "character model: kk"
    if len(words) < _SHORT_WORDS and hint.confidence < _SURE:
        return "", False, "too little evidence"
    if hint.code == "en":
        return "", False, "too little evidence: no English word"
    return hint.code, False, f"character model: {hint.code or 'unknown'}"


def _skeleton_known(word: str, known: frozenset[str]) -> bool:
    """Whether a Latin word is a listed Kazakh word, reading "ng" as both ң+г and ң."""
    key = skeleton(word)
    if key in known:
        return True
    return "ng" in word and skeleton(word.replace("ng", "ñg")) in known


def detect_many(
    texts: Sequence[str], languages: Sequence[str] = DEFAULT_LANGUAGES
) -> list[LanguageGuess]:
    """Language of each text: one of ``languages`` (ISO 639-1 codes) or "other".

    Kazakh, Russian and English are always told apart by word evidence; other
    languages the caller asks for (any of the character model's 75) come from
    the model. A text with too little evidence ("S/F", "Obvio" without Spanish
    asked for) is "other". Batched because the character model runs in parallel.
    """
    wanted = _wanted(languages)
    extra = frozenset(code for code in wanted if code not in ("kk", "ru", "en"))
    hints = _model_hints(texts, extra)
    found = [_decide(text, hint) for text, hint in zip(texts, hints, strict=True)]
    if extra:
        found = _reconsider(texts, found, extra)
    return [_report(guess, wanted) for guess in found]


def detect(text: str, languages: Sequence[str] = DEFAULT_LANGUAGES) -> LanguageGuess:
    """Language of one text."""
    return detect_many([text], languages)[0]


_MODEL_ONLY = ("character model", "too little evidence")
#: A text needs this many letters before the model may name a language it was asked for.
MIN_LETTERS = 4
_CLOSE_SECOND = 0.2


def _reconsider(
    texts: Sequence[str], found: list[LanguageGuess], extra: frozenset[str]
) -> list[LanguageGuess]:
    """Give a text the model alone placed outside the asked-for languages to a close second.

    Close languages share short texts: "SIN FUNDAMENTO" scores Portuguese 0.38
    and Spanish 0.22. When the caller says Spanish is expected, a language it
    asked for that scores at least a fifth of the winner's confidence is taken;
    a real Portuguese, Italian, Catalan or French sentence gives Spanish under
    a tenth of the winner's score and stays "other".
    """
    open_ = [
        i
        for i, guess in enumerate(found)
        if guess.language not in extra
        and guess.reason.startswith(_MODEL_ONLY)
        and sum(len(w) for w in _WORD.findall(texts[i])) >= MIN_LETTERS
    ]
    if not open_:
        return found
    ranked = _detector(extra).compute_language_confidence_values_in_parallel(
        [texts[i][:_MODEL_CHARS] for i in open_]
    )
    out = list(found)
    for i, values in zip(open_, ranked, strict=True):
        if not values:
            continue
        top = values[0].value
        for value in values:
            code = value.language.iso_code_639_1.name.lower()
            if code in extra and value.value >= top * _CLOSE_SECOND:
                reason = f"character model: {code} ({value.value:.2f}, best {top:.2f})"
                out[i] = LanguageGuess(code, False, found[i].script, reason)
                break
    return out


def _report(guess: LanguageGuess, wanted: frozenset[str]) -> LanguageGuess:
    """The guess in the caller's terms: a language it did not ask for is "other"."""
    if guess.language in wanted:
        return guess
    code = guess.language
    reason = guess.reason
    if code and code not in reason:
        reason = f"{reason} ({code})"
    return LanguageGuess(UNDETERMINED, guess.mixed, guess.script, reason)


def _decide(text: str, hint: _Hint) -> LanguageGuess:
    """The language code the evidence points to, before the caller's choice of languages."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    letters_only = "".join(words)
    if not letters_only:
        return LanguageGuess("", False, "other", "no letters")
    script = _script(letters_only)
    if script == "Cyrl":
        code, mixed, reason = _decide_cyrillic(words, set(letters_only), hint, text)
    elif script == "Latn":
        code, mixed, reason = _decide_latin(words, text, hint)
    elif len(words) < _SHORT_WORDS and hint.confidence < _SURE:
        code, mixed, reason = "", False, "too little evidence"
    else:
        code, mixed, reason = hint.code, False, f"character model: {hint.code or 'unknown'}"
    return LanguageGuess(code, mixed, script, reason)
