from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "atazan.api"
    label = "atazan_api"
    verbose_name = _("REST API")
