"""The pure-Python catalog reader: ruamel.yaml's composer, walked into the same data as ryml's.

papercat reads with rapidyaml (module `ryml`) where a wheel exists. This reader is used when
ryml is not installed (Alpine/musl, PyPy, free-threaded Python), fails to import, or is
handed a file it is known to mishandle. It gives exactly what `yamltext`'s ryml walker gives:
dicts, lists, strings and None (an unquoted empty, `~` or `null`), every other scalar as its
text, with the same limits on nesting, alias expansion and tags. It is about 20 times
slower (it is ruamel's pure-Python parser), which matters only for catalogs of thousands of entries.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Optional

from .errors import CatalogError

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, Node

NULL_TAG = "tag:yaml.org,2002:null"
# The tags a catalog may carry explicitly (the standard string/map/seq/int/null ones).
ALLOWED_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:int", NULL_TAG})


def _loader() -> YAML:
    """A ruamel loader whose resolver knows only null: every other plain scalar stays text."""
    import re

    from ruamel.yaml import YAML
    from ruamel.yaml.resolver import BaseResolver

    class _NullOnlyResolver(BaseResolver):
        def __init__(self, version: Any = None, loader: Any = None) -> None:
            super().__init__(loader)

        @property
        def processing_version(self) -> tuple[int, int]:
            return (1, 2)

    _NullOnlyResolver.add_implicit_resolver_base(NULL_TAG, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = _NullOnlyResolver
    return yaml


def parse_pure(data: bytes, path: str, *, max_depth: int, growth: int, slack: int, max_nodes: int) -> Any:
    """Parse YAML bytes with ruamel's pure reader into the data ryml's walker would give."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        with warnings.catch_warnings():  # ruamel warns on stderr (reused anchors...): one line is ours
            warnings.simplefilter("ignore")
            documents = list(_loader().compose_all(data))
    except RecursionError:
        raise CatalogError(f"the file nests deeper than {max_depth} levels; a catalog never needs that", path=path) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise CatalogError(f"invalid YAML: {problem}; fix the syntax there", path=path, line=line, column=column) from None
    except YAMLError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        raise CatalogError(f"invalid YAML: {first}", path=path) from None
    if not documents:
        return None
    if len(documents) > 1:
        raise CatalogError("the file holds several YAML documents; a catalog is one document", path=path)
    root = documents[0]
    limit = min(max_nodes, slack + growth * _count_nodes(root))
    return _NodeWalker(path, max_depth, limit).node(root, 0)


def _count_nodes(root: Node) -> int:
    """Nodes as written (an alias's target counted once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node.value, list):
            for child in node.value:
                stack.extend(child if isinstance(child, tuple) else (child,))
    return len(seen)


class _NodeWalker:
    """ruamel nodes into dicts, lists, strings and None, spending a node budget like ryml's walker."""

    def __init__(self, path: str, max_depth: int, limit: int):
        self.path = path
        self.max_depth = max_depth
        self.limit = limit
        self.budget = limit

    def fail(self, message: str, node: Optional[Node] = None) -> CatalogError:
        mark = getattr(node, "start_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        return CatalogError(message, path=self.path, line=line, column=column)

    def node(self, node: Node, depth: int) -> Any:
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        self.budget -= 1
        if self.budget < 0:
            raise self.fail(f"aliases expand the file to more than {self.limit:,} nodes; refusing to load it (an alias bomb?)")
        if depth > self.max_depth:
            raise self.fail(f"the file nests deeper than {self.max_depth} levels; a catalog never needs that", node)
        tag = str(node.tag) if node.tag is not None else ""
        if tag.startswith("!") or (tag.startswith("tag:") and tag not in ALLOWED_TAGS):
            shown = "!!" + tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else tag
            raise self.fail(f"the YAML tag '{shown}' is not allowed in a catalog; remove it (papercat never constructs objects from tags)", node)
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, SequenceNode):
            return [self.node(child, depth + 1) for child in node.value]
        if tag == NULL_TAG:
            return None
        return node.value

    def mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        from ruamel.yaml.nodes import MappingNode, ScalarNode

        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail("a mapping key must be plain text, not a list or mapping", key_node)
            key = key_node.value
            if key == "<<" and key_node.style is None and isinstance(value_node, MappingNode):
                for merged_key, merged_value in self.mapping(value_node, depth + 1).items():
                    merged.setdefault(merged_key, merged_value)
                continue
            if key in result:
                raise self.fail(f"the key '{key}' appears twice in one mapping; keep one", key_node)
            result[key] = self.node(value_node, depth + 1)
        for merged_key, merged_value in merged.items():
            result.setdefault(merged_key, merged_value)
        self.budget -= len(node.value)
        return result


def join_surrogates(text: str, path: Optional[str] = None) -> str:
    """Text whose JSON-style surrogate pairs ("\\ud83d\\ude80") are joined into one character.

    A lone surrogate is no character at all: it cannot be written as UTF-8, so it is refused.
    """
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        lone = next(character for character in text if "\ud800" <= character <= "\udfff")
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise CatalogError(
            f"the text {shown.encode('ascii', 'backslashreplace').decode()!s} holds a lone surrogate "
            f"(\\u{ord(lone):04x}), which is no character; remove the escape or write the character itself",
            path=path,
        ) from None
