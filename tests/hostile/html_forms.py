"""The POST forms of a page, as a browser would send them: each form's action, its
controls with their default values and the kind of value each takes, and one variant per
named submit button (`op`, `action`...). The fuzz tests fill these with hostile values."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Fields that choose which operation a post is: kept as the page sends them, except in
# the round that makes them hostile too.
ROUTING = {"op", "action", "csrfmiddlewaretoken", "next", "register"}


@dataclass
class Control:
    name: str
    kind: str  # text, number, date, phone, id, choice, file, bool, fixed
    default: str = ""
    options: list[str] = field(default_factory=list)
    input_type: str = ""


@dataclass
class PostForm:
    action: str  # a path
    controls: list[Control]
    fixed: dict[str, str]  # routing values of this variant (the button pressed)

    @property
    def key(self) -> tuple:
        """Forms alike: the same view, fields and routing values (another notification's
        "mark read" or another home's answer is the same form)."""
        from django.urls import resolve

        names = tuple(sorted(c.name for c in self.controls))
        routing = tuple(sorted((k, v) for k, v in self.fixed.items() if k != "next"))
        return (resolve(urlsplit(self.action).path).view_name, names, routing)


def _kind(tag: str, attrs: dict) -> str:
    kind = (attrs.get("type") or "text").lower()
    name = attrs.get("name", "")
    if tag == "textarea":
        return "text"
    if tag == "select" or kind in ("radio", "checkbox"):
        return "choice"
    if kind == "file":
        return "file"
    if kind in ("date", "datetime-local", "month", "time", "week"):
        return "date"
    if kind == "number" or attrs.get("inputmode") in ("decimal", "numeric"):
        return "number"
    if kind == "tel" or "phone" in name:
        return "phone"
    if kind == "hidden":
        return "fixed" if name in ROUTING else "id"
    return "text"


class _Forms(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self._form, self._select, self._textarea = page, [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                action = urlsplit(urljoin(self.page, attrs.get("action") or self.page))
                path = action.path + (f"?{action.query}" if action.query else "")
                self._form = {"action": path, "controls": {}, "buttons": []}
            return
        form = self._form
        if form is None:
            return
        if tag == "option" and self._select is not None:  # options have no name
            value = attrs.get("value", "")
            self._select.options.append(value)
            if "selected" in attrs:
                self._select.default = value
            return
        name = attrs.get("name")
        if tag == "button" or (tag == "input" and attrs.get("type") in ("submit", "image")):
            if (attrs.get("type") or "submit") == "submit" or tag == "input":
                form["buttons"].append(attrs)
            return
        if not name:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            made = Control(name, _kind(tag, attrs), input_type=kind)
            control = form["controls"].setdefault(name, made)
            if kind in ("radio", "checkbox"):
                control.options.append(attrs.get("value", "on"))
                if "checked" in attrs:
                    control.default = attrs.get("value", "on")
            elif kind != "file":
                control.default = attrs.get("value", "")
        elif tag == "select":
            self._select = form["controls"].setdefault(name, Control(name, "choice"))
        elif tag == "textarea":
            self._textarea = form["controls"].setdefault(name, Control(name, "text"))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.default += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.extend(_variants(self._form, self.page))
            self._form = None


def _variants(form: dict, page: str) -> list[PostForm]:
    controls = list(form["controls"].values())
    fixed = {
        c.name: c.default
        for c in controls
        if c.kind == "fixed" and c.name != "csrfmiddlewaretoken"  # the test client's own
    }
    free = [c for c in controls if c.kind != "fixed"]
    variants = []
    for button in form["buttons"] or [{}]:
        action = form["action"]
        if button.get("formaction"):
            target = urlsplit(urljoin(page, button["formaction"]))
            action = target.path + (f"?{target.query}" if target.query else "")
        pressed = {button["name"]: button.get("value", "")} if button.get("name") else {}
        variants.append(PostForm(action, free, fixed | pressed))
    return variants


def post_forms(html: str, page: str) -> list[PostForm]:
    parser = _Forms(page)
    parser.feed(html)
    return parser.forms
