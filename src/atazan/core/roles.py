"""The roles people hold in a constitutional reform.

A user may hold several roles (an analyst can also be an observer). Roles are
plain data; what each role may do is decided in ``core.rules``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    INTAKE_OPERATOR = "intake_operator", _("Intake operator")
    ANALYST = "analyst", _("Analyst")
    WORKING_GROUP_LEAD = "working_group_lead", _("Working-group lead")
    COMMISSION_MEMBER = "commission_member", _("Commission member")
    COMMISSION_SECRETARY = "commission_secretary", _("Commission secretary")
    ELECTION_OFFICIAL = "election_official", _("Election official")
    TRUSTEE = "trustee", _("Trustee")
    OBSERVER = "observer", _("Observer")
    ADMINISTRATOR = "administrator", _("Administrator")
