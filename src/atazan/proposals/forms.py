"""Web forms: they collect input; the rules live in intake.clean_submission."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from atazan.proposals.intake import InvalidSubmission, Submission, clean_submission
from atazan.proposals.models import (
    AnswerTemplate,
    Channel,
    DayTransfer,
    Language,
    Outcome,
    Region,
    SubmitterType,
    Topic,
)
from atazan.proposals.selectors import analysts


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; their type and size are checked by the action."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *list(choices)]


class ProposalForm(forms.Form):
    """What every channel asks for; the citizen and operator forms extend it."""

    submission_token = forms.CharField(widget=forms.HiddenInput)
    submitter_type = forms.ChoiceField(label=_("I write as"), choices=SubmitterType.choices)
    submitter_name = forms.CharField(
        label=_("Full name or name of the organisation"), max_length=300, required=False
    )
    iin = forms.CharField(label=_("IIN"), max_length=20, required=False)
    bin = forms.CharField(label=_("BIN (for organisations)"), max_length=20, required=False)
    region = forms.ChoiceField(label=_("Region"), choices=_blank(Region.choices), required=False)
    contact_email = forms.CharField(label=_("E-mail for the answer"), required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    postal_address = forms.CharField(label=_("Postal address"), max_length=500, required=False)
    language = forms.ChoiceField(label=_("Language of the proposal"), choices=Language.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=_blank(Topic.choices), required=False)
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    text = forms.CharField(label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 10}))
    cited_provisions = forms.CharField(
        label=_("Articles you propose to change (optional)"),
        required=False,
        help_text=_("For example: 33, 41(2)"),
    )
    consent_publish_text = forms.BooleanField(
        label=_("The text may be published (personal data is always removed)"), required=False
    )
    consent_publish_name = forms.BooleanField(
        label=_("My name may be published with it"), required=False
    )
    attachments = MultipleFileField(
        label=_("Attachments (PDF, DOCX, JPEG or PNG)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )

    require_identity = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4().hex)
        self.submission: Submission | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self.submission = clean_submission(data, require_identity=self.require_identity)
        except InvalidSubmission as exc:
            for name, message in exc.errors.items():
                self.add_error(name if name in self.fields else None, message)
        return data


class CitizenProposalForm(ProposalForm):
    """A signed-in citizen or organisation; the identity is kept in their profile."""

    def __init__(
        self, *args: Any, locked_iin: str = "", locked_bin: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.locked_iin, self.locked_bin = locked_iin, locked_bin
        if locked_iin:
            self.fields["iin"].disabled = True
            self.fields["iin"].initial = locked_iin
        if locked_bin:
            self.fields["bin"].disabled = True
            self.fields["bin"].initial = locked_bin


class OperatorProposalForm(ProposalForm):
    """A paper letter or the output of a meeting, typed in by an intake operator."""

    channel = forms.ChoiceField(
        label=_("Received as"),
        choices=[(Channel.LETTER, Channel.LETTER.label), (Channel.MEETING, Channel.MEETING.label)],
    )
    incoming_number = forms.CharField(
        label=_("Incoming number on the letter (optional)"), max_length=100, required=False
    )
    received_at = forms.DateTimeField(
        label=_("Received on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    # Letters without an IIN are accepted: the law asks for it only if the person has one.
    require_identity = False


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    reason = forms.CharField(
        label=_("Answer with its public reason"), widget=forms.Textarea(attrs={"rows": 6})
    )
    merged_into = forms.CharField(
        label=_("Merged into proposal number"), max_length=20, required=False
    )
    forwarded_to = forms.CharField(label=_("Forwarded to"), max_length=300, required=False)


class ExtendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    new_deadline = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reasoned decision"), widget=forms.Textarea(attrs={"rows": 3}))


class BulkAnswerForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Answer template"), queryset=AnswerTemplate.objects.filter(active=True)
    )


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Registration number"), max_length=20)
    secret = forms.CharField(label=_("Secret"), max_length=40)


# Settings of the secretariat -------------------------------------------------------


class AnswerTemplateForm(forms.Form):
    """An answer template: its name, the outcome it gives, and its text in three languages."""

    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the template a name.")}
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=_blank(Outcome.choices),
        error_messages={"required": _("Choose the outcome the template gives.")},
    )
    text_kk = forms.CharField(
        label=_("Text in Kazakh"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write the text in Kazakh: every template needs all three languages.")
        },
    )
    text_ru = forms.CharField(
        label=_("Text in Russian"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write the text in Russian: every template needs all three languages.")
        },
    )
    text_en = forms.CharField(
        label=_("Text in English"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write the text in English: every template needs all three languages.")
        },
    )

    def __init__(self, *args: Any, template: AnswerTemplate | None = None, **kwargs: Any) -> None:
        self.template = template
        if template is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "name": template.name,
                "outcome": template.outcome,
                "text_kk": template.text_kk,
                "text_ru": template.text_ru,
                "text_en": template.text_en,
            }
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        taken = AnswerTemplate.objects.filter(name=name)
        if self.template is not None:
            taken = taken.exclude(pk=self.template.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("A template named “%(name)s” already exists; choose another name.")
                % {"name": name}
            )
        return name


class AnalystChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else str(obj.get_username())


class AssignmentRuleForm(forms.Form):
    """A routing rule: the analyst, and the topic and/or region of the cases they get."""

    analyst = AnalystChoiceField(
        label=_("Analyst"),
        queryset=analysts(),  # evaluated anew for each form
        empty_label="—",
        error_messages={
            "required": _("Choose the analyst who gets the cases."),
            "invalid_choice": _(
                "Choose an active user with the analyst or working-group lead role."
            ),
        },
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=_blank(Topic.choices),
        required=False,
        help_text=_("Leave empty for every topic."),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        choices=_blank(Region.choices),
        required=False,
        help_text=_("Leave empty for every region."),
    )


class DayTransferForm(forms.Form):
    """A decree moving a day off: a Saturday or Sunday is worked, a weekday is not."""

    working_day = forms.DateField(
        label=_("Worked day (Saturday or Sunday)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Give the Saturday or Sunday that becomes a working day."),
            "invalid": _("Enter the worked day as a date, for example 2026-01-03."),
        },
    )
    day_off = forms.DateField(
        label=_("Day off (a weekday)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Give the weekday that becomes a day off."),
            "invalid": _("Enter the day off as a date, for example 2026-01-05."),
        },
    )
    note = forms.CharField(
        label=_("Decree"),
        max_length=300,
        required=False,
        help_text=_("For example: Government decree No. 123 of 1 December 2025."),
    )

    def clean_working_day(self) -> Any:
        day = self.cleaned_data["working_day"]
        if day.isoweekday() not in (6, 7):
            raise forms.ValidationError(
                _("The worked day must be a Saturday or a Sunday; %(date)s is not.")
                % {"date": day.isoformat()}
            )
        if (
            DayTransfer.objects.filter(working_day=day).exists()
            or DayTransfer.objects.filter(day_off=day).exists()
        ):
            raise forms.ValidationError(
                _("%(date)s is already part of a transfer; delete that transfer first.")
                % {"date": day.isoformat()}
            )
        return day

    def clean_day_off(self) -> Any:
        day = self.cleaned_data["day_off"]
        if day.isoweekday() in (6, 7):
            raise forms.ValidationError(
                _("The day off must be a weekday (Monday to Friday); %(date)s is a weekend day.")
                % {"date": day.isoformat()}
            )
        if (
            DayTransfer.objects.filter(day_off=day).exists()
            or DayTransfer.objects.filter(working_day=day).exists()
        ):
            raise forms.ValidationError(
                _("%(date)s is already part of a transfer; delete that transfer first.")
                % {"date": day.isoformat()}
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        working_day, day_off = data.get("working_day"), data.get("day_off")
        if working_day is not None and working_day == day_off:
            self.add_error("day_off", _("The day off must differ from the worked day."))
        return data
