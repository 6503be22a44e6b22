"""URL converters for untrusted paths.

``<id:pk>`` is ``<int:pk>`` bounded to what a database id column holds (a signed 64-bit
integer): ``/p/99999999999999999999/`` is a 404, not an OverflowError (SQLite) or an
out-of-range DataError (PostgreSQL) answered as a 500.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class DatabaseIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond a database id")  # the URL resolver turns this into a 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(DatabaseIdConverter, "id")
