"""Thin receivers: translate another module's signal into a call of our service."""


def on_staffing_changed(sender, *, position, actor=None, **kwargs):
    from .services import items_reroute

    items_reroute(position=position, actor=actor)
