"""Forms of the commission's pages: they collect input, the actions decide.

The comment form on a published draft checks the person the way every other
channel does, through ``atazan.proposals.intake.clean_submission``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atazan.commission.models import Choice, Membership
from atazan.proposals.intake import InvalidSubmission, Submission, clean_submission
from atazan.proposals.models import Language, Region, SubmitterType


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
