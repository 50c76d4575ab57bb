"""Reading a picker (cocreation.lib.pickers) in a page: its boxes, their labels, its status line."""

from .htmltree import parse


def picker_boxes(html: str, name: str) -> list:
    """The checkboxes or radios the picker for field `name` shows, in order."""
    return [
        box
        for box in parse(html).find_all("input")
        if box.attrs.get("name") == name and box.attrs.get("type") in ("checkbox", "radio")
    ]


def picker_labels(html: str, name: str) -> list[str]:
    """The labels of those boxes, in order."""
    labels = {label.attrs.get("for"): label.text for label in parse(html).find_all("label")}
    return [labels[box.attrs["id"]] for box in picker_boxes(html, name)]


def picker_ticked(html: str, name: str) -> list[bool]:
    return ["checked" in box.attrs for box in picker_boxes(html, name)]


def picker_status(html: str, name: str) -> str:
    """The line under the search box: what a search found."""
    return parse(html).find("p", id=f"id_{name}__status").text


def choice_count(html: str) -> int:
    """Every checkbox, radio and <option> in the page: what a picker keeps down."""
    return html.count('type="checkbox"') + html.count('type="radio"') + html.count("<option")
