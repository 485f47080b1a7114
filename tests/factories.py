import factory
from django.utils import timezone

from portal.accounts.models import Role, User
from portal.accounts.rights import DEFAULT_USER_RIGHTS
from portal.core.demo import siren_with_key
from portal.organisations.models import Dossier, Organisation
from subscriptions.models import Contract, Formula

PASSWORD = "Mot-de-passe-de-test-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Société {n}")
    siren = factory.Sequence(lambda n: siren_with_key(f"{30000000 + n:08d}"))
    city = "Lyon"

    @factory.post_generation
    def formula(obj, create, extracted, **kwargs):
        Contract.objects.create(
            organisation=obj,
            formula=extracted or Formula.OPEN,
            support_started_on=timezone.localdate().replace(year=2025, month=1, day=2),
        )


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"DOS-{n:03d}")
    name = factory.Sequence(lambda n: f"Client {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    role = Role.CLIENT_USER
    organisation = factory.SubFactory(OrganisationFactory)
    rights = factory.LazyFunction(lambda: list(DEFAULT_USER_RIGHTS))
    is_active = True
    activated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class StaffFactory(UserFactory):
    organisation = None
    role = Role.AGENT
    rights = factory.LazyFunction(list)

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        """Vendor staff must have MFA; give them a TOTP authenticator."""
        if create:
            from allauth.mfa.totp.internal.auth import TOTP

            from portal.core.demo import DEMO_TOTP_SECRET

            TOTP.activate(obj, DEMO_TOTP_SECRET)
