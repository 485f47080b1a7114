import pytest

from portal.documents.sizes import human_size


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 octet"),
        (1, "1 octet"),
        (500, "500 octets"),
        (1024, "1 Ko"),
        (1536, "1,5 Ko"),
        (int(1.2 * 1024**3), "1,2 Go"),
        (10 * 1024**3 - 580, "10 Go"),
        (5 * 1024**3, "5 Go"),
        (150 * 1024**2 + 300, "150 Mo"),
        (3 * 1024**4, "3 To"),
    ],
)
def test_sizes_read_as_french_readers_write_them(size, text, settings):
    settings.LANGUAGE_CODE = "fr"
    assert human_size(size) == text
