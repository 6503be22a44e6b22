"""Permissions content gives each position (see siteops.core.grants).

CPY-01…05: the copy editor writes documents; ART-01/03/04: the art editor builds static and topic
pages; ACT-02: the activity planner checks topic pages; the chief editor reviews and publishes
(and rolls back); MNT-02: the maintainer configures topic-page blocks; MGR-20: the manager stands
in for a vacant copy editor; PED and PLN judge the design rounds they asked for. Publishing is for the checkers (CE, MGR): an author's page goes live
through the approval, the schedule, or their rollback.
"""

_WRITE = ["content.view_page", "content.add_page", "content.change_page", "content.view_pageevent",
          "content.view_slogan", "content.view_placement", "content.view_designrequest",
          "content.view_proofround", "content.view_release", "content.view_releaseitem", "content.view_signup"]  # fmt: skip
_RELEASE = ["content.add_release", "content.change_release", "content.publish_release"]
_REQUEST = ["content.add_designrequest", "content.decide_proof"]  # who asks for a design
_JUDGE = ["content.view_page", "content.view_designrequest", "content.view_proofround",
          "content.decide_proof"]  # fmt: skip  # a requester that is not a content position
_COPY = [
    "content.add_slogan", "content.change_slogan", "content.delete_slogan",
    "content.view_sloganvariant", "content.add_sloganvariant", "content.change_sloganvariant",
    "content.delete_sloganvariant", "content.add_placement", "content.change_placement",
]  # fmt: skip

GRANTS: dict[str, list[str]] = {
    "CPY": [*_WRITE, *_COPY, *_REQUEST],
    "ART": [*_WRITE, "content.add_proofround"],
    "ACT": [*_WRITE, *_REQUEST],
    "MNT": _WRITE,
    "CE": [*_WRITE, *_COPY, *_REQUEST, *_RELEASE, "content.publish_page"],
    "MGR": [*_WRITE, *_COPY, *_REQUEST, *_RELEASE, "content.publish_page"],
    # PED-05: the product editor's ad image requests are design requests; they judge the rounds
    "PED": _JUDGE,
    # PLN: an approved campaign plan opens the topic page's design request in the planner's
    # name; the planner follows it and judges its rounds
    "PLN": _JUDGE,
}
