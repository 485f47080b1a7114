"""Response headers for personal data (ASVS 8.2.1)."""


class PrivateNoStoreMiddleware:
    """Pages and API answers given to a signed-in person (session or token) carry
    their data: no shared cache may keep them, nor the browser's back cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF sets it for token callers too
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
