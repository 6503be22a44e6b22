"""Rich text from editors and other departments is untrusted: clean it with nh3 on save."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "code",
    "pre", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead",
    "tbody", "tr", "th", "td", "span", "div", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": set(),  # no attribute on every tag (nh3 would otherwise keep title/lang everywhere)
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}


def clean_html(value: str | None) -> str:
    """Return HTML with only safe tags/attributes; scripts, handlers and javascript: URLs removed."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
