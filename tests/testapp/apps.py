from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Models that exist only in the test database, to exercise the shared mechanisms
    (revisions, approvals) the way an area app will use them. Installed only by
    config/settings_test.py; its migration depends on core's and org's, so that PostgreSQL
    can create its foreign keys."""

    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import models

        models.register_approval_kind()
