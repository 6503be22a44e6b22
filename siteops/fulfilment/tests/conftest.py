import pytest


@pytest.fixture
def logistics_token(api_client_for):
    client, token = api_client_for("LOG-DSP")
    return client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def service_token(api_client_for):
    client, token = api_client_for("CS-AGT")
    return client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}
