"""Catalogue items, products and sessions for the training tests."""

from datetime import datetime, timedelta

from learning.models import Chapter, Choice, Question, TrainingItem, Webassistance
from subscriptions.models import Product
from support.business_time import PARIS

#: A Monday 10:00 in Paris.
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


def product(code="cegid-expert", name="Cegid Expert", kind="production") -> Product:
    return Product.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})[0]


def hold(organisation, *products) -> None:
    organisation.contract.products.add(*products)


def item(title="Lettrage", *, track="cegid", level="connect", products=(), kind="module", **extra):
    created = TrainingItem.objects.create(
        title=title, track=track, level=level, kind=kind, created_at=NOW, **extra
    )
    created.products.set(products)
    return created


def module_with_quiz(title="Bien démarrer", *, products=(), level="connect"):
    module = item(title, products=products, level=level)
    for position in (1, 2):
        Chapter.objects.create(
            item=module, position=position, title=f"Étape {position}", body=f"# Étape {position}"
        )
    question = Question.objects.create(item=module, position=1, text="Où lance-t-on le lettrage ?")
    right = Choice.objects.create(question=question, text="Menu Traitements", is_correct=True)
    wrong = Choice.objects.create(question=question, text="Menu Aide")
    return module, right, wrong


def session(prod, *, starts_at=None, capacity=2, topic="Clôture annuelle") -> Webassistance:
    return Webassistance.objects.create(
        topic=topic,
        product=prod,
        starts_at=starts_at or NOW + timedelta(days=3),
        duration_minutes=60,
        trainer="Hugo Marchal",
        capacity=capacity,
        meeting_url="https://visio.example.test/abc",
        reminder_due_at=(starts_at or NOW + timedelta(days=3)) - timedelta(days=1),
        created_at=NOW,
    )
