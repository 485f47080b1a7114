"""API routes of the training part of this app (joined in learning/api_urls.py)."""

urlpatterns: list = []
