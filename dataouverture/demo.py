"""Demo connectors of the ecosystem catalogue (art. 17, 4.). Idempotent.

Partners are fictitious: the real list is kept by vendor staff in the admin.
Transports Durand and Groupe Lefèvre hold the pack (subscriptions.demo);
Boulangerie Martin does not, so its administrator sees the refusal.
"""

from dataouverture.models import Connector
from subscriptions.models import Product

ECOSYSTEM_URL = (
    "https://ec.cegid.com/fr/cegid-quadra-cegid-expert/ecosysteme-cegid-quadra-cegid-expert/"
)

CONNECTORS = [
    # (partner, name, product code, package, description)
    (
        "Banque Exemple",
        "Relevés bancaires",
        "cegid-expert",
        Connector.Package.STANDARD,
        "Récupère chaque jour les relevés bancaires dans Cegid Expert.",
    ),
    (
        "Notes Express",
        "Notes de frais",
        "cegid-expert",
        Connector.Package.DATA_OUVERTURE,
        "Importe les notes de frais validées et leurs justificatifs.",
    ),
    (
        "Paie Connect",
        "Écritures de paie",
        "module-paie",
        Connector.Package.DATA_OUVERTURE,
        "Envoie les écritures de paie vers la comptabilité.",
    ),
]


def seed() -> None:
    products = {product.code: product for product in Product.objects.all()}
    for partner, name, code, package, description in CONNECTORS:
        if code not in products:
            continue
        Connector.objects.get_or_create(
            partner=partner,
            name=name,
            defaults={
                "product": products[code],
                "package": package,
                "description": description,
                "partner_url": ECOSYSTEM_URL,
            },
        )
