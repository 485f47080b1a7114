"""Pages of the training part of this app (joined in learning/urls.py)."""

urlpatterns: list = []
