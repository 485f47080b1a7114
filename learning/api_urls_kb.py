"""API routes of the kb part of this app (joined in learning/api_urls.py)."""

urlpatterns: list = []
