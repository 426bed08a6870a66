from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "atazan.analysis"
    verbose_name = _("Analysis")

    def ready(self) -> None:
        from atazan.analysis import rules  # noqa: F401  (registers permissions)
