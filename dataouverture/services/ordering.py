"""Requests to customer service: ordering the pack (art. 17), activating a connector."""

from django.utils.translation import gettext as _

from dataouverture.pack import pack_status
from portal.core.errors import IllegalStateChange


def request_pack(*, actor, now=None):
    """File a customer-service Demande (contract) naming the quantity art. 17 requires."""
    from support.models import Demande
    from support.services import file_demande

    status = pack_status(actor.organisation)
    if status.held:
        raise IllegalStateChange(_("Votre contrat comporte déjà le pack Data Ouverture."))
    quantity = status.required_quantity
    return file_demande(
        requester=actor,
        kind=Demande.Kind.CUSTOMER_SERVICE,
        category=Demande.Category.CONTRACT,
        subject=_("Commande du pack Data Ouverture"),
        context=_(
            "Nous souhaitons souscrire le pack Data Ouverture, dans la quantité de Cegid Expert "
            "prévue par l'article 17 du livret de service : %(n)s utilisateur(s) nommé(s)."
        )
        % {"n": quantity},
        now=now,
    )
