from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "atazan.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from atazan.proposals import rules  # noqa: F401 - registers the permissions
