from datetime import timedelta

import factory
from django.utils import timezone

from portal.status.models import (
    Incident,
    Maintenance,
    Release,
    ReleaseDownload,
    RestorationRequest,
    Service,
)
from subscriptions.models import Product


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"produit-{n}")
    name = factory.Sequence(lambda n: f"Produit {n}")
    kind = Product.Kind.PRODUCTION


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Cegid Expert {n} — production")

    @factory.post_generation
    def subscribers(obj, create, extracted, **kwargs):
        """``subscribers=[organisation, ...]``: put the service's product on their contracts."""
        if not create:
            return
        product = ProductFactory()
        obj.products.add(product)
        for organisation in extracted or []:
            organisation.contract.products.add(product)


def _services(obj, create, extracted):
    if create and extracted:
        obj.services.set(extracted)


class MaintenanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Maintenance
        skip_postgeneration_save = True

    kind = Maintenance.Kind.PLANNED
    title = "Mise à jour de l'infrastructure"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=4))
    announced_at = factory.LazyFunction(timezone.now)

    services = factory.PostGeneration(_services)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    title = "Lenteurs à la connexion"
    environment = Incident.Environment.PRODUCTION
    cause = Incident.Cause.COUNTED
    start = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=1))
    recorded_at = factory.LazyFunction(timezone.now)

    services = factory.PostGeneration(_services)


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release
        skip_postgeneration_save = True

    kind = Release.Kind.NEW_VERSION
    version = factory.Sequence(lambda n: f"2026.{n}")
    title = "Nouvelle version"
    release_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    announced_at = factory.LazyFunction(timezone.now)

    services = factory.PostGeneration(_services)


class ReleaseDownloadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReleaseDownload

    release = factory.SubFactory(ReleaseFactory)
    label = "Guide de migration"
    url = "https://telechargements.exemple.test/guide.pdf"


class RestorationRequestFactory(factory.django.DjangoModelFactory):
    """A restoration request already filed with customer service (art. 9)."""

    class Meta:
        model = RestorationRequest

    restore_point = "J-1"
    restore_point_label = factory.LazyAttribute(lambda o: f"J-1 — état du {o.target_date:%d/%m/%Y}")
    target_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    status = RestorationRequest.Status.FILED
    demande_reference = "SC-2026-0001"
    created_at = factory.LazyFunction(timezone.now)
