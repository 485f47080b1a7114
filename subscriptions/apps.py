from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    label = "subscriptions"
    verbose_name = _("Abonnements")

    def ready(self):
        from portal.audit import actions
        from portal.core import navigation
        from subscriptions import navigation as menu
        from subscriptions.audit_actions import SubscriptionAction

        actions.register(SubscriptionAction)
        navigation.register(*menu.ENTRIES, position=menu.POSITION)
