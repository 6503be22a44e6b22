from ninja import Schema


class Error(Schema):
    """Every error answer: a machine code and a translated message."""

    code: str
    detail: str
