"""content/emergency_triggers.yml rewritten to an approved version with its comments kept (`make
content-sync`): the medical director reviews the file with them, and they say why each pattern is there.

The file is read with ruamel.yaml's round-trip loader, which keeps comments, quoting and flow style, and the
approved version is merged into it rather than dumped afresh: keys and list items that did not change are
left as they are, with their comments; a changed item is edited in place (its comment stays); items added
or removed are inserted or deleted where the approved version has them (difflib lines the lists up), so a
comment stays with the pattern it describes. ruamel keeps the comment lines above an item as the trailing
comment of the item before it, so those lines are moved where an insertion or deletion would otherwise put
them above the wrong item; an end-of-line comment of a removed item goes with it. What is written must read
back as the approved version (content_versions.sync checks it): a merge keeps old text, never old data.
"""

from __future__ import annotations

import copy
import io
import json
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString
from ruamel.yaml.tokens import CommentToken


def _yaml() -> YAML:
    yaml = YAML()  # round trip
    # ruamel's annotations declare these attributes None: they are the documented settings all the same
    yaml.preserve_quotes = True  # type: ignore[assignment]
    yaml.width = 100_000  # type: ignore[assignment]  # a regex on one line, never folded (as the editor shows it)
    yaml.indent(mapping=2, sequence=4, offset=2)  # the file's own layout
    return yaml


def _key(value: Any) -> str:
    """What an item says, whatever its quoting or style: lists are lined up by this."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _fresh(value: Any, like: Any) -> Any:
    """A new value written in the style of its neighbour `like` (quoting of strings, flow mappings)."""
    if isinstance(value, str) and isinstance(like, ScalarString):
        return type(like)(value)
    if isinstance(value, dict) and isinstance(like, CommentedMap):
        made = CommentedMap(value)
        if like.fa.flow_style():
            made.fa.set_flow_style()
        return made
    return value


def _take_lines_below(seq: CommentedSeq, index: int) -> tuple[str, CommentToken | None]:
    """The full comment lines after item `index` (they describe what follows it), taken off it; its
    end-of-line comment stays. With the token they came in, as a template for where they go."""
    entry = seq.ca.items.get(index) if index >= 0 else None
    token = entry[0] if entry else None
    if token is None:
        return "", None
    cut = token.value.find("\n") + 1
    below = token.value[cut:] if cut else ""
    if below:
        token.value = token.value[:cut]
    return below, token


def _put_lines_below(seq: CommentedSeq, index: int, lines: str, template: CommentToken | None) -> None:
    """Comment lines after item `index`, after any it has already."""
    if not lines or index < 0 or template is None:
        return
    entry = seq.ca.items.get(index)
    if entry and entry[0] is not None:
        entry[0].value = entry[0].value + lines
        return
    token = copy.copy(template)
    token.value = "\n" + lines  # no end-of-line comment, then the lines
    seq.ca.items[index] = [token, None, None, None]


def _splice(seq: CommentedSeq, i1: int, i2: int, new: list[Any]) -> None:
    """seq[i1:i2] = new, keeping the comment lines above seq[i1] and above seq[i2] above them."""
    above, template = _take_lines_below(seq, i1 - 1)  # they describe seq[i1], or seq[i2] when nothing goes
    after, after_template = _take_lines_below(seq, i2 - 1) if i2 > i1 else ("", None)  # they describe seq[i2]
    like = seq[i1] if i1 < len(seq) else (seq[-1] if len(seq) else None)
    for index in reversed(range(i1, i2)):
        del seq[index]  # ruamel moves the later items' comments down with them
    for offset, value in enumerate(new):
        seq.insert(i1 + offset, _fresh(value, like))
    last_new = i1 + len(new) - 1
    _put_lines_below(seq, last_new if i1 == i2 else i1 - 1, above, template)
    _put_lines_below(seq, last_new if new else i1 - 1, after, after_template or template)


def merge(node: Any, new: Any) -> Any:
    """`new` (plain data) written into the round-trip `node`, keeping what did not change as it was."""
    if isinstance(node, CommentedMap) and isinstance(new, dict):
        for key in [key for key in node if key not in new]:
            del node[key]
        for position, (key, value) in enumerate(new.items()):
            if key in node:
                node[key] = merge(node[key], value)  # the key's comments stay with it
            else:
                like = next(iter(node.values()), None)
                node.insert(min(position, len(node)), key, _fresh(value, like))
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list):
        old = [_key(item) for item in node]
        opcodes = SequenceMatcher(a=old, b=[_key(item) for item in new], autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(opcodes):  # from the end: earlier indexes stay valid
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:  # edited in place: each item keeps its comment
                for offset in range(i2 - i1):
                    node[i1 + offset] = merge(node[i1 + offset], new[j1 + offset])
                continue
            _splice(node, i1, i2, new[j1:j2])
        return node
    if isinstance(node, str) and isinstance(new, str):
        return node if node == new else _fresh(new, node)
    return node if type(node) is type(new) and node == new else new


def rewrite(path: Path, approved: dict[str, Any]) -> str:
    """The text of `path` brought to `approved`, comments and layout kept where nothing changed."""
    yaml = _yaml()
    document = yaml.load(path.read_text(encoding="utf-8"))
    merged = merge(document, approved)
    out = io.StringIO()
    yaml.dump(merged, out)
    return out.getvalue()
