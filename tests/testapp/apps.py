from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Models that exist only in the test database, to exercise the shared mechanisms
    (revisions, approvals) the way an area app will use them. No migrations: pytest-django
    creates their tables directly, and the production settings never install this app."""

    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import models

        models.register_approval_kind()
