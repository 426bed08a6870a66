"""Function words that carry no subject, per language (lists written for Atazan).

They keep theme labels and shared-term explanations about *what* people ask
for, not "and", "the" and "which". Words of greeting and of the proposal
genre itself ("propose", "ұсынамын") are included for the same reason.
"""

from __future__ import annotations

_KK = """
және мен бен пен да де та те ма ме ба бе па пе бұл осы сол ол олар біз сіз сен мен менің біздің
сіздің оның олардың үшін туралы бойынша арқылы сияқты дейін кейін бері гөрі қарай шейін
керек қажет емес еді екен деп деген дегенде болып болса болады болу болған бар жоқ әр барлық
кез кейбір көп аз ең өте тек ғана қана тағы яғни немесе не әлде бірақ алайда сондықтан өйткені
себебі егер онда мұнда қазір енді әлі да ғой қой шығар сияқты ретінде жөнінде қатысты орай
ұсынамын ұсыныс ұсынысым сұраймын құрметті сәлеметсіз рахмет құрметпен жауап күтемін
конституция конституцияда конституцияның конституцияға бап бабы бабын бапқа тармақ
"""

_RU = """
и в во не на но что как так это этот эта эти тот та те то с со к ко по за из от до для при
о об обо а или же ли бы бы ещё уже вот был была были быть будет будут есть нет да если
чтобы потому поэтому также тоже очень более менее всех все всё весь вся его её их им ими
он она оно они мы вы я меня мне мой моё мои наш наша наши ваш который которая которые
которых которое какой какая такие такой своей свой свои своих себя между через после перед
под над без около только лишь можно нужно необходимо должен должна должны следует может
прошу предлагаю предложение считаю уважаемая уважаемые здравствуйте спасибо уважением
конституции конституция конституцию статья статьи статью статье пункт пункта
"""

_EN = """
a an the and or but if then than that this these those there here of in on at to for from by
with without about into over under between through during before after as is are was were be
been being it its they them their we our us you your he she his her i me my mine which who
whom whose what when where why how not no nor so too very can could should would shall will
may might must do does did done has have had also such any all each every some more most other
only own same just please propose proposal suggest dear hello thank thanks regards kind
constitution article articles paragraph
"""

_ES = """
de la el los las y o u a en un una unos unas que se del al por para con sin sobre entre como
más menos pero si no ni es son ser fue era está están estar ha han hay haber sus su lo le les
me mi mis te tu tus nos nuestro nuestra este esta estos estas ese esa esos esas eso esto ya muy
también tanto todo toda todos todas cada cual cuales quien donde cuando porque pues así otro otra
otros otras mismo misma debe deben puede pueden tiene tienen hace hacer sea sean desde hasta
"""


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "kk": _words(_KK),
    "ru": _words(_RU),
    "en": _words(_EN),
    "es": _words(_ES),
}
STOPWORDS["other"] = STOPWORDS["es"] | STOPWORDS["en"]
STOPWORDS["all"] = frozenset().union(*STOPWORDS.values())
