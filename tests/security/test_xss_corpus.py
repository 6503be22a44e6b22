"""Rich text: an XSS payload corpus through ``siteops.core.sanitize.clean_html``.

Nothing executable may survive: no script-capable element, no event-handler attribute, no style
attribute (CSS expressions, url()), no URL outside http/https/mailto/relative, no SVG/MathML
namespace tricks. The output is checked by parsing it (as a browser would), not by regex.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siteops.core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, clean_html

CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" OnErRoR="alert(1)">',
    "<img src=javascript:alert(1)>",
    '<img src="jav&#x09;ascript:alert(1)">',
    '<img src="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="#" onclick="alert(1)">x</a>',
    '<a href="http://ok.example" onmouseover=alert(1)>x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)'/></svg>#x\"/></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<div style="width: expression(alert(1))">x</div>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="behavior: url(x.htc)">x</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<button formaction=javascript:alert(1)>x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<body onload=alert(1)>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<td background="javascript:alert(1)">x</td>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>",
    "<p>{{constructor.constructor('alert(1)')()}}</p>",
    '<div data-bind="click: alert(1)" x-on:click="alert(1)" hx-get="/evil">x</div>',
    '<a href="/ok" target=_blank>relative ok</a><a href="https://ok.example">ok</a>',
    '<p>普通的<strong>富文本</strong>，<a href="mailto:a@example.com">邮件</a></p>',
]

EXECUTABLE_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "link", "meta", "base",
    "form", "input", "button", "textarea", "select", "video", "audio", "source", "frame",
    "frameset", "applet", "template", "noscript", "details", "body", "html", "head",
}  # fmt: skip
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class Inspector(HTMLParser):
    """Collects what a browser would see in the cleaned HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        if tag in EXECUTABLE_TAGS or tag not in ALLOWED_TAGS:
            self.findings.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style" or name == "srcdoc":
                self.findings.append(f"attribute {name} on <{tag}>")
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()) and name != "rel":
                self.findings.append(f"unexpected attribute {name} on <{tag}>")
            if name in URL_ATTRS and value is not None:
                # Browsers strip control characters and whitespace before reading the scheme.
                squeezed = "".join(ch for ch in value if ord(ch) > 32).lower()
                scheme = urlsplit(squeezed).scheme if ":" in squeezed.split("/", 1)[0] else ""
                if scheme not in SAFE_SCHEMES:
                    self.findings.append(f"{name}={value!r} on <{tag}>")


def findings(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.findings


@pytest.mark.parametrize("payload", CORPUS)
def test_nothing_executable_survives(payload):
    cleaned = clean_html(payload)
    assert findings(cleaned) == [], cleaned
    markup = _markup(cleaned)
    for marker in ("javascript:", "vbscript:", "expression(", "<script", "onerror=", "onload="):
        assert marker not in markup, cleaned  # text may mention them, escaped; tags may not


def _markup(html: str) -> str:
    """Only the tags of ``html`` (text between tags removed), lower-cased."""
    out, depth = [], 0
    for ch in html:
        if ch == "<":
            depth = 1
        if depth:
            out.append(ch.lower())
        if ch == ">":
            depth = 0
    return "".join(out)


def test_safe_rich_text_is_kept():
    html = '<p>普通的<strong>富文本</strong>，<a href="https://ok.example/x">链接</a></p>'
    cleaned = clean_html(html)
    assert "<strong>富文本</strong>" in cleaned
    assert 'href="https://ok.example/x"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_empty_and_none():
    assert clean_html(None) == "" and clean_html("") == ""


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            CORPUS
            + [
                "<",
                ">",
                '"',
                "'",
                "=",
                " ",
                "on",
                "a",
                "img",
                "src",
                "href",
                "javascript:",
                "&#",
                "x",
                "/",
                "svg",
                "<p>",
                "</p>",
            ]
        )  # fmt: skip
        | st.text(max_size=20),
        max_size=12,
    ).map("".join)
)
def test_mixed_fragments_never_leave_anything_executable(fragment):
    cleaned = clean_html(fragment)
    assert findings(cleaned) == [], (fragment, cleaned)
    assert clean_html(cleaned) == cleaned  # cleaning is stable: a second save changes nothing
