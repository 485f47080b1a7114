"""Models of self-service content, one module per sub-domain.

``kb``: the knowledge base (art. 12.4, 12.11); ``training``: the learning
catalogue, webassistance and téléassistance (art. 12.8, 13).
"""

from learning.models.kb import (  # noqa: F401
    Article,
    ArticleFeedback,
    ArticleImage,
    ArticleVersion,
    ArticleView,
    KbReaderMonth,
    KbSearchMiss,
    KbSuggestionSession,
)
from learning.models.training import (  # noqa: F401
    CalendarInvite,
    Chapter,
    Choice,
    DiscussionPost,
    Progress,
    Question,
    QuizAttempt,
    TeleassistanceSlot,
    TrainingItem,
    Webassistance,
    WebassistanceSeat,
)
