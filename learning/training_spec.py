"""What the learning catalogue indexes (see learning/search.py). No Django import."""

from learning.search import SearchSpec

TRAINING_SEARCH = SearchSpec(
    model="learning.TrainingItem",
    table="learning_trainingitem_search",
    fields=(("title", "A"), ("summary", "B"), ("chapters_text", "C")),
    snippet_field="summary",
)
