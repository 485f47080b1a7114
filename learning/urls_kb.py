"""Pages of the kb part of this app (joined in learning/urls.py)."""

urlpatterns: list = []
