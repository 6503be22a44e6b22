"""A task for the worker fault test: slow, idempotent, and it leaves traces in a directory."""

import pathlib
import time

from django.tasks import task


@task
def slow_idempotent(directory: str, seconds: float) -> str:
    d = pathlib.Path(directory)
    with (d / "started").open("a") as f:
        f.write("x\n")
    if (d / "done").exists():
        return "already done"
    time.sleep(seconds)
    (d / "done").write_text("done\n")  # the effect, once
    with (d / "completed").open("a") as f:
        f.write("x\n")
    return "done"
