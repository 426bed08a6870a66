"""Forms of the commission's pages: they collect input, the actions decide.

The comment form on a published draft checks the person the way every other
channel does, through ``atazan.proposals.intake.clean_submission``.

The staff's forms (a meeting, an agenda item, an amendment, a draft) leave
missing languages to the actions, so the refusal names the language the way
every other channel hears it; the amendment forms turn what the drafting office
writes into the edit of docs/amendments.md (``atazan_amend``'s JSON form),
reading provisions written as lines with the rules of the plain-text format
(docs/text-format.md): ``1. ...`` starts a paragraph, ``1) ...`` a point, any
other line continues the text above it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atazan.commission.models import Choice, Membership
from atazan.commission.page_selectors import BaseText, ProvisionOption
from atazan.proposals.intake import InvalidSubmission, Submission, clean_submission
from atazan.proposals.models import Language, Region, SubmitterType
from atazan_texts.model import clean_line
from atazan_texts.plaintext import read_line


class AttendanceForm(forms.Form):
    """One checkbox per member serving on the meeting's day."""

    def __init__(
        self,
        *args: Any,
        seats: Sequence[Membership],
        marks: dict[int, bool] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.seats = list(seats)
        marks = marks or {}
        for seat in self.seats:
            self.fields[self.field_name(seat)] = forms.BooleanField(
                label=seat.full_name,
                required=False,
                initial=marks.get(seat.pk, False),
            )

    @staticmethod
    def field_name(seat: Membership) -> str:
        return f"present_{seat.pk}"

    def present(self) -> dict[int, bool]:
        """Membership id -> present, for every serving member (unticked means absent)."""
        return {seat.pk: bool(self.cleaned_data.get(self.field_name(seat))) for seat in self.seats}

    def rows(self) -> list[tuple[Membership, forms.BoundField]]:
        return [(seat, self[self.field_name(seat)]) for seat in self.seats]


class MinutesForm(forms.Form):
    minutes_kk = forms.CharField(
        label=_("Minutes in Kazakh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "lang": "kk"}),
    )
    minutes_ru = forms.CharField(
        label=_("Minutes in Russian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "lang": "ru"}),
    )
    minutes_en = forms.CharField(
        label=_("Minutes in English (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "lang": "en"}),
    )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"minutes_{code}", "") for code in ("kk", "ru", "en")}


class OpenVoteForm(forms.Form):
    """Which proposed amendment of the body to put to the vote."""

    amendment = forms.TypedChoiceField(label=_("Amendment"), coerce=int)

    def __init__(self, *args: Any, choices: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["amendment"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = list(choices)


class CastVoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=Choice.choices, widget=forms.RadioSelect
    )


class PublishDraftForm(forms.Form):
    open_comments = forms.BooleanField(
        label=_("Open the draft for public comments"), required=False, initial=True
    )


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *list(choices)]


class DraftCommentForm(forms.Form):
    """A citizen's comment on one provision of a published draft; it becomes a proposal."""

    submission_token = forms.CharField(widget=forms.HiddenInput)
    quote = forms.CharField(
        label=_("Words of the provision you comment on (optional)"),
        max_length=500,
        required=False,
        help_text=_("Copy them exactly from the text above."),
    )
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 6}), max_length=50_000
    )
    submitter_name = forms.CharField(label=_("Full name"), max_length=300)
    iin = forms.CharField(label=_("IIN"), max_length=20)
    region = forms.ChoiceField(label=_("Region"), choices=_blank(Region.choices), required=False)
    language = forms.ChoiceField(label=_("Language of the comment"), choices=Language.choices)
    consent_publish_text = forms.BooleanField(
        label=_("The comment may be published (personal data is always removed)"), required=False
    )

    def __init__(self, *args: Any, locked_iin: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4().hex)
            self.initial.setdefault("language", (get_language() or "kk")[:2])
        if locked_iin:
            self.fields["iin"].disabled = True
            self.fields["iin"].initial = locked_iin
        self.submission: Submission | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = {
            "submitter_type": SubmitterType.CITIZEN,
            "submitter_name": data.get("submitter_name", ""),
            "iin": data.get("iin", ""),
            "region": data.get("region", ""),
            "language": data.get("language", ""),
            "text": data.get("text", ""),
            "consent_publish_text": bool(data.get("consent_publish_text")),
            "consent_publish_name": False,
        }
        try:
            self.submission = clean_submission(raw)
        except InvalidSubmission as exc:
            for name, message in exc.errors.items():
                self.add_error(name if name in self.fields else None, message)
        return data


# The staff's forms --------------------------------------------------------------------------

LANGUAGES = ("kk", "ru", "en")
Choices = Sequence[tuple[Any, Any]]
Labels = dict[str, Any]

TITLE_LABELS: Labels = {
    "kk": _("Title in Kazakh"),
    "ru": _("Title in Russian"),
    "en": _("Title in English"),
}
RATIONALE_LABELS: Labels = {
    "kk": _("Rationale in Kazakh"),
    "ru": _("Rationale in Russian"),
    "en": _("Rationale in English (optional)"),
}
NEW_TEXT_LABELS: Labels = {
    "kk": _("New text in Kazakh"),
    "ru": _("New text in Russian"),
    "en": _("New text in English"),
}
ARTICLE_TEXT_LABELS: Labels = {
    "kk": _("Text of the new article in Kazakh"),
    "ru": _("Text of the new article in Russian"),
    "en": _("Text of the new article in English"),
}
HEADING_LABELS: Labels = {
    "kk": _("New heading in Kazakh"),
    "ru": _("New heading in Russian"),
    "en": _("New heading in English"),
}


def _per_language(
    form: forms.Form,
    prefix: str,
    labels: Labels,
    *,
    max_length: int | None = None,
    rows: int = 0,
    languages: Sequence[str] = LANGUAGES,
    help_text: Any = "",
) -> None:
    """``prefix_kk``, ``prefix_ru``, ``prefix_en``: optional here, the action names a missing one."""
    for code in languages:
        attrs = {"lang": code}
        widget: forms.Widget = (
            forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs=attrs)
        )
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=labels[code],
            required=False,
            max_length=max_length,
            widget=widget,
            strip=True,
            help_text=help_text,
        )


def texts_of(form: forms.Form, prefix: str) -> dict[str, str]:
    """``{"kk": ..., "ru": ..., "en": ...}`` from the form's ``prefix_kk``... fields."""
    return {
        code: str(form.cleaned_data.get(f"{prefix}_{code}") or "")
        for code in LANGUAGES
        if f"{prefix}_{code}" in form.fields
    }


def proposal_numbers(raw: str) -> list[str]:
    """Registration numbers separated by commas, semicolons or spaces, each once, in order."""
    numbers: list[str] = []
    for number in re.split(r"[\s,;]+", raw or ""):
        if number and number not in numbers:
            numbers.append(number)
    return numbers


def _proposals_field() -> forms.CharField:
    return forms.CharField(
        label=_("Proposals (registration numbers)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separate the numbers with commas or spaces."),
    )


def _themes_field(choices: Choices) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=_("Themes of the latest analysis"),
        required=False,
        coerce=int,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
    )


def grouped(options: Sequence[ProvisionOption], *, blank: bool = False) -> Choices:
    """Provisions as choices, grouped by their section or chapter, with their first words."""
    choices: list[tuple[Any, Any]] = [("", "—")] if blank else []
    groups: dict[str, list[tuple[Any, Any]]] = {}
    order: list[str] = []
    for option in options:
        label = option.label
        if option.kind in ("article", "paragraph") and option.snippet:
            label = f"{label} — {option.snippet}"
        if option.group not in groups:
            groups[option.group] = []
            order.append(option.group)
        groups[option.group].append((option.uid, label))
    for group in order:
        if group:
            choices.append((group, groups[group]))
        else:
            choices.extend(groups[group])
    return choices


class _DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class ScheduleMeetingForm(forms.Form):
    """A new meeting of a body: titles, time, place and the addresses of its video."""

    starts_at = forms.DateTimeField(label=_("Starts at"), widget=_DateTimeLocal())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=_DateTimeLocal())
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    live_url = forms.URLField(label=_("Live stream address"), required=False, assume_scheme="https")
    recording_url = forms.URLField(
        label=_("Recording address"), required=False, assume_scheme="https"
    )

    field_order = ["title_kk", "title_ru", "title_en"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "title", TITLE_LABELS, max_length=300)
        self.order_fields(self.field_order)


class MeetingLinksForm(forms.Form):
    live_url = forms.URLField(label=_("Live stream address"), required=False, assume_scheme="https")
    recording_url = forms.URLField(
        label=_("Recording address"), required=False, assume_scheme="https"
    )


class AgendaItemForm(forms.Form):
    """A point of the agenda, linked to what it concerns."""

    amendment = forms.TypedChoiceField(
        label=_("Amendment (optional)"), required=False, coerce=int, empty_value=None
    )
    provision = forms.ChoiceField(label=_("Provision (optional)"), required=False)
    proposals = _proposals_field()

    def __init__(
        self,
        *args: Any,
        amendments: Choices = (),
        provisions: Choices = (),
        themes: Choices = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "title", TITLE_LABELS, max_length=500)
        amendment = self.fields["amendment"]
        assert isinstance(amendment, forms.TypedChoiceField)
        amendment.choices = [("", "—"), *amendments]
        provision = self.fields["provision"]
        assert isinstance(provision, forms.ChoiceField)
        provision.choices = [("", "—"), *provisions]
        self.fields["themes"] = _themes_field(list(themes))
        self.order_fields(["title_kk", "title_ru", "title_en", "amendment", "provision", "themes"])

    def proposal_numbers(self) -> list[str]:
        return proposal_numbers(self.cleaned_data.get("proposals", ""))


# Amendments ---------------------------------------------------------------------------------


class TextProblem(ValueError):
    """A line that cannot stand in the words of a provision."""


def parse_lines(raw: str, *, holder: str, num: str = "") -> tuple[str, list[dict[str, Any]]]:
    """The words of one provision written as lines: its own text, then the provisions below it.

    In an article, ``1. ...`` starts a paragraph and ``1) ...`` a point (of the
    paragraph above it, or of the article); in a paragraph, ``1) ...`` starts a
    point, and a first line numbered like the paragraph itself is its text. Any
    other line continues the text above it. Headings are refused: a provision's
    words cannot hold another article or section.
    """
    own: list[str] = []
    children: list[dict[str, Any]] = []
    paragraph: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    for number, raw_line in enumerate(raw.splitlines(), start=1):
        line = clean_line(raw_line)
        if not line:
            continue
        parsed = read_line(line)
        if parsed.kind in ("heading", "bad_heading"):
            raise TextProblem(
                _("line %(line)s: “%(text)s” reads as a heading; write only the words.")
                % {"line": number, "text": line}
            )
        if parsed.kind == "paragraph" and holder == "paragraph":
            if last is None and not own and parsed.num == num:
                own.append(parsed.text)
                continue
            raise TextProblem(
                _(
                    "line %(line)s: a paragraph holds points (“1) …”), not numbered paragraphs (“1. …”)."
                )
                % {"line": number}
            )
        if parsed.kind in ("paragraph", "point") and holder in ("article", "paragraph"):
            node: dict[str, Any] = {
                "kind": parsed.kind,
                "num": parsed.num,
                "text": parsed.text,
                "children": [],
            }
            if parsed.kind == "paragraph":
                children.append(node)
                paragraph = node
            else:
                (paragraph["children"] if paragraph is not None else children).append(node)
            last = node
            continue
        if last is None:
            own.append(line)
        else:
            last["text"] = f"{last['text']}\n{line}" if last["text"] else line
    return "\n".join(own), children


def as_lines(node: dict[str, Any] | None) -> str:
    """A provision's words as the lines ``parse_lines`` reads (to edit the current text)."""
    if node is None:
        return ""
    lines = [node["text"]] if node.get("text") else []

    def below(children: list[dict[str, Any]]) -> None:
        for child in children:
            mark = "." if child["kind"] == "paragraph" else ")"
            lines.append(f"{child['num']}{mark} {child['text']}".rstrip())
            below(child.get("children") or [])

    below(node.get("children") or [])
    return "\n".join(lines)


def _shape(children: list[dict[str, Any]]) -> list[Any]:
    return [(c["kind"], c["num"], c["text"], _shape(c.get("children") or [])) for c in children]


def _carry_uids(new: list[dict[str, Any]], old: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New paragraphs and points keep the identity of the old ones of the same number."""
    by_num = {(c["kind"], c["num"]): c for c in old if c.get("num")}
    carried = []
    for child in new:
        before = by_num.get((child["kind"], child["num"]))
        out: dict[str, Any] = {"kind": child["kind"]}
        if before is not None and before.get("uid"):
            out["uid"] = before["uid"]
        if child["num"]:
            out["num"] = child["num"]
        if child["text"]:
            out["text"] = child["text"]
        below = _carry_uids(child["children"], (before or {}).get("children") or [])
        if below:
            out["children"] = below
        carried.append(out)
    return carried


def _new_nodes(children: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for child in children:
        node: dict[str, Any] = {"kind": child["kind"]}
        if child["num"]:
            node["num"] = child["num"]
        if child["text"]:
            node["text"] = child["text"]
        if child["children"]:
            node["children"] = _new_nodes(child["children"])
        out.append(node)
    return out


LINES_HELP = _(
    "One line per paragraph, numbered as in the text: “1. …” starts a paragraph, "
    "“1) …” a point; any other line continues the line above."
)


class AmendmentForm(forms.Form):
    """What every amendment has: its number, the rationale, themes and proposals behind it.

    A subclass adds what its kind needs and builds ``self.edit``.
    """

    kind = ""
    number = forms.CharField(label=_("Number of the amendment"), required=False, max_length=32)
    proposals = _proposals_field()

    def __init__(
        self,
        *args: Any,
        base: BaseText,
        themes: Choices = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.base = base
        self.edit: dict[str, Any] | None = None
        self.setup()
        _per_language(self, "rationale", RATIONALE_LABELS, rows=3)
        self.fields["themes"] = _themes_field(list(themes))
        self.fields["proposals"] = self.fields.pop("proposals")

    #: Each kind's form (AMENDMENT_FORMS) turns clean data into the edit, or
    #: returns None after adding errors; the base only gathers what they share.
    build: Callable[[dict[str, Any]], dict[str, Any] | None]

    def setup(self) -> None:
        """Add the fields of the kind."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            self.edit = self.build(data)
        return data

    def rationale(self) -> dict[str, str]:
        return texts_of(self, "rationale")

    def proposal_numbers(self) -> list[str]:
        return proposal_numbers(self.cleaned_data.get("proposals", ""))

    def text_fields(self, prefix: str) -> list[forms.BoundField]:
        return [self[f"{prefix}_{code}"] for code in self.base.languages if code in LANGUAGES]

    def _target_field(self, options: Sequence[ProvisionOption], label: Any) -> None:
        self.fields["target"] = forms.ChoiceField(label=label, choices=grouped(options, blank=True))

    def _language_texts(self, prefix: str, labels: Labels, rows: int) -> None:
        _per_language(self, prefix, labels, rows=rows, help_text=LINES_HELP)

    def main_fields(self) -> list[forms.BoundField]:
        """The visible fields but themes and proposals, without languages the base lacks."""
        absent = [code for code in LANGUAGES if code not in self.base.languages]
        hidden = {f"{prefix}_{code}" for prefix in ("text", "heading") for code in absent}
        hidden |= {"themes", "proposals"}
        return [field for field in self.visible_fields() if field.name not in hidden]


class ReplaceForm(AmendmentForm):
    """New wording of an article or a paragraph, in every language of the base."""

    kind = "replace"

    def setup(self) -> None:
        self._target_field(self.base.of_kind("article", "paragraph"), _("Provision"))
        self.fields["target"].widget = forms.HiddenInput()
        self._language_texts("text", NEW_TEXT_LABELS, 8)

    def build(self, data: dict[str, Any]) -> dict[str, Any] | None:
        target = self.base.by_uid[data["target"]]
        current = self.base.current(target.uid)
        parsed: dict[str, tuple[str, list[dict[str, Any]]] | None] = {}
        for code in self.base.languages:
            raw = str(data.get(f"text_{code}") or "")
            if not raw.strip():
                parsed[code] = None  # the action names the missing language
                continue
            try:
                parsed[code] = parse_lines(raw, holder=target.kind, num=target.num)
            except TextProblem as problem:
                self.add_error(f"text_{code}", str(problem))
        if self.errors:
            return None
        text_changed = children_changed = False
        for code, words in parsed.items():
            if words is None:
                continue
            old = current.get(code)
            own, children = words
            if old is None:
                text_changed, children_changed = True, children_changed or bool(children)
                continue
            text_changed = text_changed or own != old["text"]
            children_changed = children_changed or _shape(children) != _shape(old["children"])
        given = [words for words in parsed.values() if words is not None]
        if given and not (text_changed or children_changed) and len(given) == len(parsed):
            self.add_error(None, _("The new text is the same as the text of the base version."))
            return None
        texts: dict[str, Any] = {}
        for code, words in parsed.items():
            if words is None:
                texts[code] = None
                continue
            own, children = words
            old = current.get(code) or {}
            rewording: dict[str, Any] = {}
            if text_changed:
                rewording["text"] = own
            if children_changed:
                rewording["children"] = _carry_uids(children, old.get("children") or [])
            texts[code] = rewording
        return {"kind": "replace", "target": target.uid, "texts": texts}


class DeleteForm(AmendmentForm):
    kind = "delete"

    def setup(self) -> None:
        self._target_field(self.base.of_kind("article", "paragraph"), _("Provision to delete"))

    def build(self, data: dict[str, Any]) -> dict[str, Any] | None:
        return {"kind": "delete", "target": data["target"]}


class InsertForm(AmendmentForm):
    """A new article after a chosen one, with its paragraphs written as lines."""

    kind = "insert"

    def setup(self) -> None:
        self.fields["after"] = forms.ChoiceField(
            label=_("Insert after"), choices=grouped(self.base.of_kind("article"), blank=True)
        )
        self.fields["num"] = forms.CharField(
            label=_("Number of the new article (optional)"),
            required=False,
            max_length=32,
            help_text=_("Left empty, the consolidated draft numbers it in its place."),
        )
        self._language_texts("text", ARTICLE_TEXT_LABELS, 8)

    def build(self, data: dict[str, Any]) -> dict[str, Any] | None:
        after = self.base.by_uid[data["after"]]
        num = str(data.get("num") or "").strip()
        texts: dict[str, Any] = {}
        for code in self.base.languages:
            raw = str(data.get(f"text_{code}") or "")
            if not raw.strip():
                texts[code] = None
                continue
            try:
                own, children = parse_lines(raw, holder="article")
            except TextProblem as problem:
                self.add_error(f"text_{code}", str(problem))
                continue
            node: dict[str, Any] = {"kind": "article"}
            if num:
                node["num"] = num
            if own:
                node["text"] = own
            if children:
                node["children"] = _new_nodes(children)
            texts[code] = node
        if self.errors:
            return None
        return {"kind": "insert", "parent": after.parent_uid, "after": after.uid, "texts": texts}


class RenameSectionForm(AmendmentForm):
    kind = "rename_section"

    def setup(self) -> None:
        self._target_field(self.base.of_kind("section", "chapter"), _("Section or chapter"))
        _per_language(self, "heading", HEADING_LABELS, max_length=500)

    def build(self, data: dict[str, Any]) -> dict[str, Any] | None:
        texts = {
            code: (str(data.get(f"heading_{code}") or "").strip() or None)
            for code in self.base.languages
        }
        return {"kind": "rename_section", "target": data["target"], "texts": texts}


AMENDMENT_FORMS: dict[str, type[AmendmentForm]] = {
    form.kind: form for form in (ReplaceForm, DeleteForm, InsertForm, RenameSectionForm)
}


class ConsolidateForm(forms.Form):
    """The adopted amendments on one base, made into a new draft version."""

    base = forms.TypedChoiceField(label=_("Base version"), coerce=int)
    label = forms.SlugField(
        label=_("Label of the new version"),
        max_length=64,
        help_text=_("Letters, digits and hyphens, for example 2026-draft-2."),
    )
    date = forms.DateField(
        label=_("Date of the draft (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, versions: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = self.fields["base"]
        assert isinstance(base, forms.TypedChoiceField)
        base.choices = list(versions)


class CommentsOpenForm(forms.Form):
    open = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class PickBaseForm(forms.Form):
    """Which version an amendment is written against (read from the query string)."""

    base = forms.TypedChoiceField(label=_("Base version"), coerce=int)

    def __init__(self, *args: Any, versions: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = self.fields["base"]
        assert isinstance(base, forms.TypedChoiceField)
        base.choices = list(versions)


class PickProvisionForm(forms.Form):
    """Which provision to reword, before its current text is shown."""

    provision = forms.ChoiceField(label=_("Provision"))

    def __init__(self, *args: Any, options: Sequence[ProvisionOption] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provision = self.fields["provision"]
        assert isinstance(provision, forms.ChoiceField)
        provision.choices = grouped(options)
