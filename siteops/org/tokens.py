"""API tokens for other departments' systems: shown once, stored as a SHA-256 hash."""

import hashlib
import secrets

from .models import ApiClient


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, name: str, department, position) -> tuple[ApiClient, str]:
    prefix = secrets.token_hex(4)
    token = f"so_{prefix}_{secrets.token_urlsafe(32)}"
    client = ApiClient.objects.create(
        name=name, department=department, position=position, token_prefix=prefix,
        token_hash=hash_token(token),
    )  # fmt: skip
    return client, token


def client_for_token(token: str) -> ApiClient | None:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "so":
        return None
    client = (
        ApiClient.objects.select_related("department", "position", "position__group")
        .filter(token_prefix=parts[1], is_active=True)
        .first()
    )
    if client is None or not secrets.compare_digest(client.token_hash, hash_token(token)):
        return None
    return client
