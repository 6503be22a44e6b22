"""run_once: an Idempotency-Key replayed gets the first answer; another body with it gets 422."""

import threading

import pytest
from django.db import connection

from siteops.core.idempotency import IdempotencyMismatch, MissingIdempotencyKey, run_once
from siteops.org.models import Duty, Position


def make_effect(counter):
    def effect():
        counter.append(1)
        duty = Duty.objects.create(
            code=f"TST-{len(counter)}-{threading.get_ident() % 10000}",
            position=Position.objects.get(code="CPY"),
            text_zh="测试",
        )
        return 201, {"id": duty.pk, "code": duty.code}

    return effect


@pytest.mark.django_db
def test_replay_returns_first_answer_and_other_body_is_refused(api_client_for):
    client, _ = api_client_for("PUR-COL")
    calls = []
    first = run_once(client=client, scope="t", key="k1", body={"a": 1}, effect=make_effect(calls))
    again = run_once(client=client, scope="t", key="k1", body={"a": 1}, effect=make_effect(calls))
    assert first == again and len(calls) == 1
    with pytest.raises(IdempotencyMismatch):
        run_once(client=client, scope="t", key="k1", body={"a": 2}, effect=make_effect(calls))
    with pytest.raises(MissingIdempotencyKey):
        run_once(client=client, scope="t", key="", body={}, effect=make_effect(calls))


@pytest.mark.django_db(transaction=True)
def test_same_key_concurrently_has_one_effect_and_identical_answers(api_client_for):
    client, _ = api_client_for("PUR-COL")
    calls, answers, errors = [], [], []
    barrier = threading.Barrier(20)

    def worker():
        try:
            barrier.wait()
            answers.append(
                run_once(
                    client=client, scope="c", key="same", body={"x": 1}, effect=make_effect(calls)
                )  # fmt: skip
            )
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(calls) == 1
    assert len({repr(a) for a in answers}) == 1 and len(answers) == 20
    assert Duty.objects.filter(code__startswith="TST-").count() == 1
