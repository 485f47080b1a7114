"""Write: a client orders a storage extension from "Mon abonnement" in one step.

The portal does not change the contract itself: the order becomes a
customer-service Demande (category "Contrat") naming the extension and its
monthly price at the tariff in force (art. 14), which vendor staff carry out
as an order on the contract. The document space grows once the line starts
(art. 4: 5 Go per named user, pooled, plus the extensions ordered).
"""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.accounts.rights import Right
from portal.audit.services import record
from portal.core.errors import DomainError
from subscriptions.models import Product
from subscriptions.selectors import price_in_force


def storage_extensions_for_sale():
    """The storage extensions of the catalogue still sold, smallest first."""
    return Product.objects.filter(kind=Product.Kind.STORAGE, is_active=True).order_by(
        "storage_bytes", "name"
    )


def extension_offer(product, on) -> str:
    """ "Extension de stockage 10 Go — 9,00 € HT par mois" (price in force ``on``)."""
    price = formats.number_format(
        price_in_force(product, on), 2, use_l10n=True, force_grouping=True
    )
    return _("%(name)s — %(price)s € HT par mois") % {"name": product.name, "price": price}


@transaction.atomic
def order_storage_extension(*, user, product_code: str, now=None):
    """File the order of one ``product_code`` extension as a customer-service
    Demande for ``user``'s organisation and return it."""
    from support.models import Demande
    from support.services import file_customer_service_request

    now = now or timezone.now()
    if not (user.is_client and user.has_right(Right.SEE_CONTRACT)):
        raise DomainError(_("Seuls les titulaires du contrat commandent une extension."))
    product = storage_extensions_for_sale().filter(code=product_code).first()
    if product is None:
        raise DomainError(_("Choisissez une extension de stockage du catalogue."), field="product")
    offer = extension_offer(product, timezone.localdate(now))
    demande = file_customer_service_request(
        requester=user,
        subject=_("Commande : %(name)s") % {"name": product.name},
        description=_(
            "Commande d'une extension de stockage pour l'espace documentaire (art. 4) :\n"
            "%(offer)s, au tarif en vigueur (art. 14), quantité : 1.\n"
            "Merci d'ajouter cette ligne au contrat ; elle sera facturée à partir de la "
            "prochaine facture trimestrielle."
        )
        % {"offer": offer},
        category=Demande.Category.CONTRACT,
        now=now,
    )
    record(
        actor=user,
        action="subscriptions.extension_ordered",
        organisation=user.organisation,
        target=demande,
        data={"product": product.code, "offer": offer, "demande": demande.reference},
        now=now,
    )
    return demande
