from tests.testapp.fixtures import policy, policy_perms  # noqa: F401
