"""Articles for the knowledge-base tests, created through the services."""

from learning import services_kb


def article(author, *, title="Lettrage automatique des comptes", publish=True, **fields):
    fields.setdefault("question", "Comment lettrer automatiquement les comptes clients ?")
    fields.setdefault(
        "answer", "Ouvrez **Comptabilité > Lettrage** et choisissez *Lettrage automatique*."
    )
    created = services_kb.create_article(author=author, title=title, **fields)
    if publish:
        services_kb.publish_article(article=created, editor=author)
    return created
