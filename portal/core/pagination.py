"""API pages: ``?page_size=`` up to a bound, so no client can ask for everything (issue 11)."""

from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination


class BoundedPageNumberPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    #: A larger request is served at this size, not refused.
    max_page_size = 200

    def get_schema_operation_parameters(self, view):
        """``page_size`` documented with its bounds and what happens outside them."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = _(
                    "Nombre de résultats par page : %(default)d par défaut, au plus "
                    "%(max)d (une taille plus grande est ramenée à %(max)d ; une valeur "
                    "qui n'est pas un entier positif donne la taille par défaut)."
                ) % {"default": self.page_size, "max": self.max_page_size}
                parameter["schema"] = {
                    **parameter["schema"],
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters
