from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Noyau")

    def ready(self):
        from portal.core import navigation

        navigation.register(navigation.HOME_ENTRY, position=0)
