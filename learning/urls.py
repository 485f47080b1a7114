"""Pages of self-service content: the knowledge base and the learning catalogue."""

from learning import urls_kb, urls_training

app_name = "learning"

urlpatterns = [*urls_kb.urlpatterns, *urls_training.urlpatterns]
