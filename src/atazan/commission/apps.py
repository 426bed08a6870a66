from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "atazan.commission"
    verbose_name = _("Commission")

    def ready(self) -> None:
        from atazan.commission import rules  # noqa: F401  (registers permissions)
