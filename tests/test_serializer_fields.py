"""``FieldsBuiltOnce`` (portal/core/api.py): fields worked out once per class,
copied for each serializer, the same answer as DRF's own (issue 11)."""

import pytest
from rest_framework import serializers

from portal.core.api import FieldsBuiltOnce
from support.api import DemandeDetailSerializer, DemandeSerializer
from support.models import Demande
from tests.support.factories import file

pytestmark = pytest.mark.django_db


class _Plain(serializers.ModelSerializer):
    class Meta:
        model = Demande
        fields = ["reference", "subject", "state", "registered_at", "is_breached"]


class _Once(FieldsBuiltOnce, _Plain):
    class Meta(_Plain.Meta):
        pass


def test_the_same_answer_as_drf_with_fields_of_its_own(client_user):
    demande = file(client_user)
    first, second = _Once(demande), _Once(demande)
    assert first.data == _Plain(demande).data
    assert first.fields["subject"] is not second.fields["subject"]
    assert first.fields["subject"].parent is first and second.fields["subject"].parent is second


def test_each_class_keeps_its_own_fields():
    # The detail (a subclass) is built first: its fields must not become its parent's.
    assert "comments" in DemandeDetailSerializer().fields
    assert set(DemandeSerializer().fields) != set(_Once().fields)
    assert "comments" not in DemandeSerializer().fields
