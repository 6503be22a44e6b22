"""Permissions content gives each position (see siteops.core.grants).

CPY-01…05: the copy editor writes documents; ART-01/03/04: the art editor builds static and topic
pages; ACT-02: the activity planner checks topic pages; the chief editor reviews and publishes
(and rolls back); MNT-02: the maintainer configures topic-page blocks; MGR-20: the manager stands
in for a vacant copy editor. Publishing is for the checkers (CE, MGR): an author's page goes live
through the approval, the schedule, or their rollback.
"""

_WRITE = ["content.view_page", "content.add_page", "content.change_page", "content.view_pageevent"]

GRANTS: dict[str, list[str]] = {
    "CPY": _WRITE,
    "ART": _WRITE,
    "ACT": _WRITE,
    "MNT": _WRITE,
    "CE": [*_WRITE, "content.publish_page"],
    "MGR": [*_WRITE, "content.publish_page"],
    "PED": ["content.view_page"],
}
