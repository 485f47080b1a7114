"""Requests to customer service: ordering the pack (art. 17), activating a connector."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from dataouverture.pack import pack_status
from portal.accounts.models import User
from portal.core.errors import IllegalStateChange

if TYPE_CHECKING:  # imported where used at run time, to keep support out of this import
    from dataouverture.models import Connector
    from support.models import Demande


def request_pack(*, actor: User, now: datetime | None = None) -> Demande:
    """File a customer-service Demande (contract) naming the quantity art. 17 requires."""
    from support.models import Demande
    from support.services import DemandeDraft, file_demande

    status = pack_status(actor.organisation)
    if status.held:
        raise IllegalStateChange(_("Votre contrat comporte déjà le pack Data Ouverture."))
    quantity = status.required_quantity
    draft = DemandeDraft(
        kind=Demande.Kind.CUSTOMER_SERVICE,
        category=Demande.Category.CONTRACT,
        subject=_("Commande du pack Data Ouverture"),
        context=_(
            "Nous souhaitons souscrire le pack Data Ouverture, dans la quantité de Cegid Expert "
            "prévue par l'article 17 du livret de service : %(n)s utilisateur(s) nommé(s)."
        )
        % {"n": quantity},
    )
    return file_demande(requester=actor, draft=draft, now=now)


class PackRequired(IllegalStateChange):
    """A "Package Data Ouverture" connector without the pack: the page offers to order it."""

    def __init__(self, *, quantity: int):
        super().__init__(
            _(
                "Ce connecteur est marqué « Package Data Ouverture » : il nécessite la "
                "souscription au pack Data Ouverture (article 17), absent de votre contrat. "
                "Le pack se commande dans la quantité de Cegid Expert : %(n)s utilisateur(s) "
                "nommé(s)."
            )
            % {"n": quantity}
        )
        self.quantity = quantity


def request_connector(*, actor: User, connector: Connector, now: datetime | None = None) -> Demande:
    """An activation request becomes a customer-service Demande (art. 17, 4.)."""
    from dataouverture import selectors
    from portal.audit.services import record
    from support.models import Demande
    from support.services import DemandeDraft, file_demande

    if not selectors.connectors_for(actor).filter(pk=connector.pk).exists():
        raise IllegalStateChange(_("Ce connecteur ne concerne aucun produit de votre contrat."))
    status = pack_status(actor.organisation)
    if connector.needs_pack and not status.held:
        raise PackRequired(quantity=status.required_quantity)
    draft = DemandeDraft(
        kind=Demande.Kind.CUSTOMER_SERVICE,
        category=Demande.Category.CONTRACT,
        subject=_("Activation du connecteur %(name)s (%(partner)s)")
        % {"name": connector.name, "partner": connector.partner},
        context=_(
            "Nous demandons l'activation du connecteur « %(name)s » de %(partner)s pour "
            "%(product)s (%(package)s). Nous avons pris connaissance de l'article 17 : "
            "connecteur mis à disposition tel quel, abonnement à l'offre du partenaire à "
            "souscrire de notre côté."
        )
        % {
            "name": connector.name,
            "partner": connector.partner,
            "product": connector.product.name,
            "package": connector.get_package_display(),
        },
    )
    demande = file_demande(requester=actor, draft=draft, now=now)
    record(
        actor=actor,
        action="dataouverture.connector_requested",
        organisation=actor.organisation,
        target=connector,
        data={"demande": demande.reference, "package": connector.package},
        now=now,
    )
    return demande
