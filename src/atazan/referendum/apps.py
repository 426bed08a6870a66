from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferendumConfig(AppConfig):
    name = "atazan.referendum"
    label = "referendum"
    verbose_name = _("Referendum")

    def ready(self) -> None:
        # Registers the referendum permissions with django-rules.
        from atazan.referendum import rules  # noqa: F401
