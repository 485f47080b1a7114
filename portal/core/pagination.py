"""API pages: ``?page_size=`` up to a bound, so no client can ask for everything (issue 11)."""

from rest_framework.pagination import PageNumberPagination


class BoundedPageNumberPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    #: A larger request is served at this size, not refused.
    max_page_size = 200
