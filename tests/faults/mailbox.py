"""An e-mail backend for worker processes: one file per message, so the test
counts what really went out; optionally slow, so a worker can be killed mid-send."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class FileMailbox(BaseEmailBackend):
    def send_messages(self, messages):
        folder = Path(os.environ["FAULTS_MAILBOX"])
        pause = float(os.environ.get("FAULTS_MAIL_PAUSE", "0"))
        for message in messages:
            if pause:  # the worker is "sending" (the test kills it now): nothing went out yet
                (folder.parent / "sending").touch()
                time.sleep(pause)
            message_id = message.extra_headers.get("Message-ID", "").strip("<>")
            (folder / f"{message_id}-{uuid.uuid4().hex}").write_text(message.subject)
        return len(messages)


def sent(folder: Path) -> list[str]:
    """The Message-IDs of the messages in the mailbox, one per message sent."""
    return [path.name.rsplit("-", 1)[0] for path in folder.iterdir()]
