"""Function words that carry no subject, per language (lists written for Atazan).

They keep theme labels and shared-term explanations about *what* people ask
for, not "and", "the" and "which". Words of greeting and of the proposal
genre itself ("propose", "ұсынамын") are included for the same reason.
Each word is also listed as typed without accents. Words common only in one
consultation come from :func:`corpus_common_words` instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from atazan_analysis.stemming import fold

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
ante bajo contra durante mediante según tras hacia aunque mientras sino entonces luego además
sí él ella ellos ellas usted ustedes yo nosotros nosotras vosotros mío mía tuyo suyo suya suyos
nuestros nuestras aquel aquella aquellos aquellas algo alguien algún alguno alguna algunos
algunas ningún ninguno ninguna nada nadie mucho mucha muchos muchas poco poca pocos pocas
tan tal tales qué cómo cuándo dónde cuál cuánto siempre nunca aquí allí ahí hoy solo sólo
estoy estás estamos estaba estaban estado he has hemos había habían habría será serán sería
fueron siendo tengo tenemos tenía hacen hizo dice dicen decir cosa cosas vez veces parte
propongo propuesta propuestas saludos gracias estimados estimado
"""

_FR = """
le la les un une des du de d l au aux et ou mais donc or ni car que qui quoi dont où ce cet cette
ces se sa son ses leur leurs mon ma mes ton ta tes notre nos votre vos il elle ils elles on nous
vous je me moi te toi lui eux y en ne pas plus moins très trop aussi bien si dans sur sous avec
sans pour par chez entre vers avant après pendant depuis comme comment quand est sont être été
était étaient sera seront serait a ai as avons avez ont avoir avait eu fait faire peut peuvent
doit doivent tout tous toute toutes autre autres même mêmes chaque quel quelle quels quelles
cela ça ceci celui celle ceux celles ici là déjà encore toujours jamais alors ainsi afin selon
propose proposition merci cordialement madame monsieur
"""

_DE = """
der die das den dem des ein eine einen einem einer eines und oder aber doch sondern denn dass
daß ob wenn weil als wie so auch noch nur schon sehr mehr weniger nicht kein keine keinen
keinem keiner ich du er sie es wir ihr mich mir dich dir sich uns euch ihm ihn ihnen mein
meine dein sein seine ihre unser unsere euer in im an am auf aus bei mit nach von vom zu zum
zur für über unter vor hinter neben zwischen durch gegen ohne um bis seit während ist sind war
waren sein gewesen wird werden wurde wurden hat haben hatte hatten kann können muss müssen soll
sollen sollte will wollen darf dürfen man dies diese dieser dieses diesem jede jeder jedes alle
allen alles andere anderen hier dort da dann jetzt immer bereits etwa vorschlag vorschlagen
bitte danke geehrte geehrter grüßen
"""

_PT = """
o a os as um uma uns umas de do da dos das em no na nos nas por pelo pela pelos pelas para com
sem sobre entre e ou mas nem que se não sim é são ser foi era está estão estar há ter tem têm
tinha seu sua seus suas lhe lhes me meu minha meus minhas te teu tua nós nosso nossa nossos
nossas vós vosso ele ela eles elas eu você vocês este esta estes estas esse essa esses essas
isto isso aquilo aquele aquela ao aos à às mais menos muito muita muitos muitas também já
ainda só apenas cada todo toda todos todas outro outra outros outras mesmo mesma quando onde
como porque porém pois assim até desde após deve devem pode podem proponho proposta obrigado
"""

_IT = """
il lo la i gli le un uno una di del dello della dei degli delle a al allo alla ai agli alle da
dal dallo dalla dai dagli dalle in nel nello nella nei negli nelle su sul sullo sulla sui sugli
sulle con per tra fra e ed o oppure ma però che chi cui non sì è sono essere era erano stato
stata sarà ha hanno avere aveva questo questa questi queste quello quella quelli quelle suo sua
suoi sue loro mio mia miei mie tuo tua nostro nostra vostro io tu lui lei noi voi essi esse ci
si ne anche ancora già più meno molto molta molti molte tutto tutta tutti tutte ogni altro
altra altri altre stesso stessa come quando dove perché quindi dunque così se deve devono può
possono propongo proposta grazie cordiali saluti
"""

_TR = """
ve veya ile ama fakat ancak çünkü için gibi kadar göre bu şu o bunlar şunlar onlar ben sen biz
siz onun bunun benim bizim sizin onların bir birçok bazı her hiç tüm bütün daha en çok az
da de ki mi mı mu mü ne nasıl neden niçin nerede hangi kim olan olarak olduğu oldu olur olan
olmak olmalı değil var yok ise eğer sonra önce şimdi artık hem ya yani zaten öneri öneriyorum
teşekkürler saygılarımla
"""


def _words(block: str) -> frozenset[str]:
    """The listed words, each also as typed without accents ("más" and "mas")."""
    listed = block.split()
    return frozenset(listed) | frozenset(fold(w) for w in listed)


STOPWORDS: dict[str, frozenset[str]] = {
    "kk": _words(_KK),
    "ru": _words(_RU),
    "en": _words(_EN),
    "es": _words(_ES),
    "fr": _words(_FR),
    "de": _words(_DE),
    "pt": _words(_PT),
    "it": _words(_IT),
    "tr": _words(_TR),
}
#: Languages written in Latin script whose function words place an "other" text.
LATIN_SCRIPT_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "tr")
STOPWORDS["other"] = frozenset().union(*(STOPWORDS[x] for x in LATIN_SCRIPT_LANGUAGES))
STOPWORDS["all"] = frozenset().union(*STOPWORDS.values())


def corpus_common_words(
    docs: Sequence[Iterable[str]], min_document_share: float = 0.3, min_documents: int = 20
) -> frozenset[str]:
    """Words (or stems) that at least ``min_document_share`` of the documents use.

    In one consultation every proposal says "constitución", "derecho" or
    "participación"; such words tell its proposals apart no better than "and"
    does, so themes and topic matching can weigh them down or drop them. A
    collection of fewer than ``min_documents`` documents is too small to tell
    a common word from a coincidence, and gives none.
    """
    if not 0 < min_document_share <= 1:
        raise ValueError("min_document_share must be in (0, 1]")
    if len(docs) < max(min_documents, 1):
        return frozenset()
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update(set(doc))
    needed = min_document_share * len(docs)
    return frozenset(word for word, count in frequency.items() if count >= needed)
