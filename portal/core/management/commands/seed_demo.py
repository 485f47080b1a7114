"""Demo data: vendor staff, one client organisation per formula, an accounting
firm with three dossiers, users and administrators in each. Idempotent."""

from datetime import date
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import Role, User
from portal.accounts.rights import DEFAULT_USER_RIGHTS, Right
from portal.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, siren_with_key
from portal.organisations.models import Dossier, Organisation
from subscriptions.models import Contract, Formula, Product

STAFF = [
    ("admin@editeur.demo", "Claire", "Vasseur", Role.VENDOR_ADMIN),
    ("agent1@editeur.demo", "Hugo", "Marchal", Role.AGENT),
    ("agent2@editeur.demo", "Inès", "Roussel", Role.AGENT),
]

ORGANISATIONS = [
    # (siren base, name, kind, formula, support start, city, people)
    (
        "55210055",
        "Boulangerie Martin",
        Organisation.Kind.CLIENT,
        Formula.CONNECT,
        date(2025, 3, 1),
        "Lyon",
        [
            ("admin@martin.demo", "Paul", "Martin", Role.CLIENT_ADMIN),
            ("user@martin.demo", "Léa", "Martin", Role.CLIENT_USER),
        ],
    ),
    (
        "40483304",
        "Transports Durand",
        Organisation.Kind.CLIENT,
        Formula.OPEN,
        date(2024, 9, 2),
        "Lille",
        [
            ("admin@durand.demo", "Sophie", "Durand", Role.CLIENT_ADMIN),
            ("user@durand.demo", "Karim", "Benali", Role.CLIENT_USER),
            ("compta@durand.demo", "Julie", "Petit", Role.CLIENT_USER),
        ],
    ),
    (
        "73282932",
        "Groupe Lefèvre",
        Organisation.Kind.CLIENT,
        Formula.PRIVATE,
        date(2024, 1, 15),
        "Paris",
        [
            ("admin@lefevre.demo", "Marc", "Lefèvre", Role.CLIENT_ADMIN),
            ("user@lefevre.demo", "Nadia", "Haddad", Role.CLIENT_USER),
        ],
    ),
    (
        "41433232",
        "Cabinet Fidès Expertise",
        Organisation.Kind.ACCOUNTING_FIRM,
        Formula.OPEN,
        date(2023, 6, 1),
        "Nantes",
        [
            ("admin@fides.demo", "Anne", "Girard", Role.CLIENT_ADMIN),
            ("user@fides.demo", "Thomas", "Morel", Role.CLIENT_USER),
        ],
    ),
]

#: Street and postal code of each demo organisation (invoices print the full
#: postal address, C. com. art. L441-9), by SIREN base.
ADDRESSES = {
    "55210055": ("12 rue de la République", "69002"),
    "40483304": ("45 avenue du Peuple Belge", "59000"),
    "73282932": ("8 boulevard Haussmann", "75009"),
    "41433232": ("3 quai de la Fosse", "44000"),
}

DOSSIERS = [
    ("CLI-001", "SARL Garage du Centre"),
    ("CLI-002", "SCI Les Tilleuls"),
    ("CLI-003", "EURL Fleurs & Co"),
]

#: Each app's idempotent ``seed()`` for its own demo data, run after the cast.
DEMO_HOOKS = (
    "subscriptions.demo",
    "support.demo",
    "portal.documents.demo",
    "portal.status.demo",
    "learning.demo",
    "learning.demo_kb",
    "learning.demo_training",
    "dataouverture.demo",
)

PRODUCTS = [
    ("cegid-expert", "Cegid Expert", Product.Kind.PRODUCTION),
    ("module-paie", "Module Paie", Product.Kind.MODULE),
    ("data-ouverture", "Pack Data Ouverture", Product.Kind.PACK),
    ("m365", "Microsoft 365 pour Cegid", Product.Kind.M365),
]


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        products = {
            code: Product.objects.update_or_create(
                code=code, defaults={"name": name, "kind": kind}
            )[0]
            for code, name, kind in PRODUCTS
        }
        for email, first, last, role in STAFF:
            user = self._person(email, first, last, role, None)
            self._ensure_totp(user)
        for base, name, kind, formula, started, city, people in ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(
                siren=siren_with_key(base), defaults={"name": name, "kind": kind, "city": city}
            )
            self._complete_address(organisation, base)
            contract, _ = Contract.objects.get_or_create(
                organisation=organisation,
                defaults={"formula": formula, "support_started_on": started},
            )
            contract.products.add(products["cegid-expert"], products["m365"])
            for email, first, last, role in people:
                self._person(email, first, last, role, organisation)
            if kind == Organisation.Kind.ACCOUNTING_FIRM:
                for reference, dossier_name in DOSSIERS:
                    Dossier.objects.get_or_create(
                        organisation=organisation,
                        reference=reference,
                        defaults={"name": dossier_name},
                    )
        for module in DEMO_HOOKS:
            try:
                seed = import_module(module).seed
            except ModuleNotFoundError:
                continue
            seed()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))

    def _complete_address(self, organisation, base):
        """Fill a demo organisation's street and postal code once (older demo
        databases have only the city)."""
        if organisation.address:
            return
        organisation.address, organisation.postal_code = ADDRESSES[base]
        organisation.save(update_fields=["address", "postal_code"])

    def _person(self, email, first, last, role, organisation):
        rights = [*DEFAULT_USER_RIGHTS, Right.SEE_ORG_DEMANDES] if role == Role.CLIENT_USER else []
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "organisation": organisation,
                "rights": rights,
                "is_active": True,
                "activated_at": timezone.now(),
                "is_staff": role == Role.VENDOR_ADMIN,
                "is_superuser": role == Role.VENDOR_ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        return user

    def _ensure_totp(self, user):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
        from allauth.mfa.totp.internal.auth import TOTP

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
