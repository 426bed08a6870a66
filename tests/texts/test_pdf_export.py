"""PDF: WeasyPrint renders Kazakh and Russian text to pages."""

from __future__ import annotations

from atazan_texts.pdf import to_pdf
from atazan_texts.plaintext import parse_plaintext
from atazan_texts.testing import pdf_page_count

KAZAKH = """% title: Кенбел Республикасының Конституциясы
% language: kk
Кіріспе
Біз, Кенбел халқы — әділдік, ғылым, қоғам, ұлт, үміт, һәм іс.
I бөлім. Жалпы ережелер
1-бап. Мемлекет
1. Кенбел — демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет.
2. Ерекшеліктер:
1) бірінші;
2) екінші.
"""


def test_pdf_export_produces_pages_with_an_embedded_unicode_font() -> None:
    pdf = to_pdf(parse_plaintext(KAZAKH))
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert pdf_page_count(pdf) > 0


def test_a_longer_text_runs_over_several_pages() -> None:
    articles = "".join(f"{n}-бап\n" + "Мәтін сөйлемі. " * 60 + "\n" for n in range(1, 15))
    pdf = to_pdf(parse_plaintext(f"% language: kk\n{articles}"))
    assert pdf_page_count(pdf) > 2
