from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "atazan.core"
    label = "core"
    verbose_name = _("Accounts, roles and audit")

    def ready(self) -> None:
        from atazan.core import checks  # noqa: F401  (registers the safety checks)
