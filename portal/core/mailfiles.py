"""Development e-mail backend: one file per message under ``EMAIL_FILE_PATH``.

Django's file backend names its file after the second and the backend object's
``id()``, and appends to it. A Celery worker sending two e-mails in the same
second can reuse the freed object's address, so two messages ended up in one
file. Here every message gets a name of its own (``.eml``, openable by any mail
client) and is written whole, or not at all.
"""

from __future__ import annotations

import os
import uuid

from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend
from django.utils import timezone


class OneFilePerMessageBackend(FileEmailBackend):
    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages or ():
            if not message.recipients():
                continue
            self._write_one(message)
            sent += 1
        return sent

    def _write_one(self, message) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        final = os.path.join(self.file_path, f"{stamp}-{uuid.uuid4().hex}.eml")
        partial = f"{final}.part"
        with open(partial, "xb") as stream:
            stream.write(message.message().as_bytes() + b"\n")
        os.replace(partial, final)  # readers never see half a message
