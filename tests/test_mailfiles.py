"""The development e-mail backend writes one whole file per message."""

from django.core.mail import EmailMessage

from portal.core.mailfiles import OneFilePerMessageBackend


def test_each_message_sent_through_one_connection_gets_its_own_file(tmp_path):
    backend = OneFilePerMessageBackend(file_path=str(tmp_path))
    messages = [
        EmailMessage(f"Sujet {n}", "Corps", "portail@example.fr", ["client@example.fr"])
        for n in range(3)
    ]

    assert backend.send_messages(messages) == 3

    files = sorted(tmp_path.iterdir())
    assert [path.suffix for path in files] == [".eml"] * 3
    assert all(path.read_text().count("Subject: ") == 1 for path in files)


def test_two_backends_in_the_same_second_never_share_a_file(tmp_path):
    for _ in range(20):  # freed backends may reuse the same id(), as in a worker
        OneFilePerMessageBackend(file_path=str(tmp_path)).send_messages(
            [EmailMessage("Sujet", "Corps", "portail@example.fr", ["client@example.fr"])]
        )

    assert len(list(tmp_path.iterdir())) == 20


def test_a_message_without_recipients_is_not_written(tmp_path):
    backend = OneFilePerMessageBackend(file_path=str(tmp_path))

    assert backend.send_messages([EmailMessage("Sujet", "Corps", "portail@example.fr", [])]) == 0
    assert list(tmp_path.iterdir()) == []
