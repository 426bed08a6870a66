"""Forms for election officials. They parse input; the actions decide what is stored."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atazan.referendum.labels import FIGURE_LABELS
from atazan_results import FIGURE_NAMES, Figures


class FiguresForm(forms.Form):
    """The nine lines of a precinct protocol, in the order of the printed form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FIGURE_NAMES:
            self.fields[name] = forms.IntegerField(
                label=FIGURE_LABELS[name],
                min_value=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            )

    def figures(self) -> Figures:
        return Figures(**{name: self.cleaned_data[name] for name in FIGURE_NAMES})

    def figure_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in FIGURE_NAMES]


class ProtocolEntryForm(FiguresForm):
    precinct = forms.CharField(label=_("Precinct code"), max_length=40)
    field_order = ["precinct", *FIGURE_NAMES]


class ProtocolCorrectionForm(FiguresForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: the commission recounted on a decision of the district commission."
        ),
    )


class TurnoutForm(forms.Form):
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    voted = forms.IntegerField(label=_("Voted so far"), min_value=0)


class VoterForm(forms.Form):
    precinct = forms.CharField(label=_("Precinct code"), max_length=40)
    iin = forms.CharField(label=_("IIN"), min_length=12, max_length=12)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TrackingCodeForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=200)
