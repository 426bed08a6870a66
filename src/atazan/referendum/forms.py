"""Forms for election officials. They parse input; the actions decide what is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atazan.referendum.actions import MAX_FIGURE
from atazan.referendum.labels import FIGURE_LABELS
from atazan_results import FIGURE_NAMES, Figures

#: The earliest birth date the voter roll accepts.
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


class FiguresForm(forms.Form):
    """The nine lines of a precinct protocol, in the order of the printed form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FIGURE_NAMES:
            self.fields[name] = forms.IntegerField(
                label=FIGURE_LABELS[name],
                min_value=0,
                max_value=MAX_FIGURE,
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "min": "0", "max": str(MAX_FIGURE)}
                ),
            )

    def figures(self) -> Figures:
        return Figures(**{name: self.cleaned_data[name] for name in FIGURE_NAMES})

    def figure_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in FIGURE_NAMES]


class ProtocolEntryForm(FiguresForm):
    precinct = forms.CharField(label=_("Precinct code"), max_length=40)
    field_order = ["precinct", *FIGURE_NAMES]


class ProtocolCorrectionForm(FiguresForm):
    #: The version of the protocol the form was opened at; a correction of an older one
    #: than the protocol now in force is refused (someone else corrected it meanwhile).
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_FIGURE,
        error_messages={
            "required": _(
                "The form does not say which version of the protocol it corrects; "
                "reload the page and enter the correction again."
            ),
        },
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: the commission recounted on a decision of the district commission."
        ),
    )


class TurnoutForm(forms.Form):
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    voted = forms.IntegerField(label=_("Voted so far"), min_value=0, max_value=MAX_FIGURE)


class VoterForm(forms.Form):
    precinct = forms.CharField(label=_("Precinct code"), max_length=40)
    iin = forms.CharField(label=_("IIN"), min_length=12, max_length=12)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_birth_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["birth_date"]
        if not EARLIEST_BIRTH_DATE <= day <= timezone.localdate():
            raise forms.ValidationError(
                _("Give a date of birth between %(first)s and today.")
                % {"first": EARLIEST_BIRTH_DATE.isoformat()}
            )
        return day


class TrackingCodeForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=200)
