"""What the knowledge base indexes (see learning/search.py). No Django import."""

from learning.search import SearchSpec

ARTICLE_SEARCH = SearchSpec(
    model="learning.Article",
    table="learning_article_search",
    fields=(("title", "A"), ("question", "B"), ("keywords", "B"), ("answer_text", "C")),
    snippet_field="answer_text",
)
