from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConstitutionConfig(AppConfig):
    name = "atazan.constitution"
    label = "constitution"
    verbose_name = _("Constitution texts")
