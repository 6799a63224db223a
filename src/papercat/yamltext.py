"""Fast YAML reading for the catalog, and parse errors a person can act on.

Reading uses rapidyaml (module `ryml`): ruamel.yaml's round-trip loader needs
about 9 s for a 10k-entry catalog, ryml about 0.3 s including our walk. ryml
gives every scalar as text; the catalog schema decides types, so a year written
`2023` or `"2023"` reads the same. Where ryml is not installed, fails to import,
or is handed input it is known to crash on, `pure_yaml` reads the file instead
(same data, same limits, slower). ryml only says "parse error": the message and
position of a broken file come from ruamel.yaml's reader (small files) or ryml's own.

Writing is `papercat.yaml_emit`'s.
"""

from __future__ import annotations

import os
import re
import tempfile
import warnings
from typing import Any, Callable, Iterator, Optional

from .errors import CatalogError

# Aliases may legitimately repeat a node a few times; a billion-laughs file
# expands to billions of nodes. Refuse expansions past this many nodes.
MAX_EXPANDED_NODES = 5_000_000
# ...and past ALIAS_GROWTH times the nodes actually written (plus some slack): a hand-written
# catalog reuses a few lists, a bomb multiplies itself, so it is refused in a fraction of a second.
ALIAS_GROWTH = 10
ALIAS_SLACK = 100_000
MAX_DEPTH = 200
# ruamel's pure-Python reader words errors best but takes seconds a megabyte (measured in
# docs/performance.md); above this size ryml's own message and position are reported instead.
EXPLAIN_WITH_RUAMEL_BYTES = 1024 * 1024
STANDARD_TAGS = frozenset({"!!str", "!!map", "!!seq", "!!int", "!!null", "tag:yaml.org,2002:str"})
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


# "pure" makes every read use the pure-Python reader (tests, or to rule ryml out of a bug hunt).
READER_ENV = "PAPERCAT_YAML_READER"
# Inputs ryml 0.15 dies on in C++ (a segfault, exit 139, that no `except` can catch): two tags in
# a row, as in the 8-byte file `{! ! ! !`. A catalog never holds such a run; the pure reader
# then reads the file (and refuses the tags with one line).
_RYML_MISHANDLES = re.compile(rb"!\S*[ \t\r\n]+!")
# Raw characters YAML does not allow in a file (C0 controls but tab and newlines, DEL, C1 but
# NEL); ryml lets them through, the pure reader refuses them: both refuse them the same way.
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x84\x86-\x9f]")
# A `\\ud83d`-style escape: ryml turns it into bytes that are not UTF-8, so such files take the walker.
_SURROGATE_ESCAPE = re.compile(rb"\\[uU][dD][89a-fA-F]")
# Anything printed when the fast reader is missing (the CLI sets it; the library stays quiet).
note_sink: Optional[Callable[[str], None]] = None
_noted = False


def parse_yaml(data: bytes, path: str) -> Any:
    """Parse YAML bytes into dicts, lists, strings and None, with bounded alias expansion."""
    _refuse_raw_controls(data, path)
    ryml = _fast_reader(data)
    surrogate_escapes = _SURROGATE_ESCAPE.search(data) is not None
    if ryml is None:
        from . import pure_yaml  # only where rapidyaml has no wheel: commands on the fast reader skip its import

        result = pure_yaml.parse_pure(data, path, max_depth=MAX_DEPTH, growth=ALIAS_GROWTH, slack=ALIAS_SLACK, max_nodes=MAX_EXPANDED_NODES)
    else:
        result = _parse_with_ryml(ryml, data, path, surrogate_escapes)
    if surrogate_escapes:  # JSON-style surrogate escapes: join the pairs, refuse lone ones
        result = _join_surrogates_in(result, path)
    return result


def _fast_reader(data: bytes) -> Any:
    """The ryml module when it may read `data`; None sends the read to the pure reader."""
    global _noted
    if os.environ.get(READER_ENV) == "pure" or (b"!" in data and _RYML_MISHANDLES.search(data)):
        return None
    try:
        import ryml
    except Exception as error:  # noqa: BLE001 - not installed, or a broken build: read on without it
        if not _noted and note_sink is not None:
            _noted = True
            note_sink(
                f"rapidyaml is not available ({type(error).__name__}: {str(error)[:80]}); reading with the "
                f"pure-Python reader, slower on large catalogs (set {READER_ENV}=pure to choose it quietly)"
            )
        return None
    return ryml


# C0 controls (and DEL), then C1 controls in UTF-8: found by deleting every other byte, a C-speed
# pass (a regex alternation walks a large catalog an order of magnitude slower).
_C0_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_C0 = bytes(byte for byte in range(256) if byte not in _C0_CONTROLS)


def _refuse_raw_controls(data: bytes, path: str) -> None:
    # fast path: same answer as _RAW_CONTROL.search, checked by tests/reliability (raw controls refused)
    if not data.translate(None, _NOT_C0) and b"\xc2" not in data:
        return
    found = _RAW_CONTROL.search(data)
    if found is None:
        return
    line = data.count(b"\n", 0, found.start()) + 1
    column = found.start() - (data.rfind(b"\n", 0, found.start()) + 1) + 1
    code = found.group().decode("utf-8") if len(found.group()) > 1 else chr(found.group()[0])
    raise CatalogError(
        f"a raw control character (U+{ord(code):04X}) is in the file, which YAML does not allow; remove it "
        f"(to keep it, write it as an escape such as \\u{ord(code):04x} inside double quotes)",
        path=path,
        line=line,
        column=column,
    )


def _join_surrogates_in(value: Any, path: str) -> Any:
    if isinstance(value, str):
        if not any("\ud800" <= c <= "\udfff" for c in value):
            return value
        from . import pure_yaml  # only for a string that holds a surrogate, not for every string of the walk

        return pure_yaml.join_surrogates(value, path)
    if isinstance(value, list):
        return [_join_surrogates_in(item, path) for item in value]
    if isinstance(value, dict):
        return {_join_surrogates_in(key, path): _join_surrogates_in(item, path) for key, item in value.items()}
    return value


def _parse_with_ryml(ryml: Any, data: bytes, path: str, surrogate_escapes: bool) -> Any:
    try:
        tree = _parse_quietly(ryml, data)
    except CatalogError:
        raise
    except Exception as error:  # ryml raises its own exception types
        raise _explain_parse_error(data, path, error) from None
    root = tree.root_id()
    try:
        return _to_python(ryml, tree, root, data, path, surrogate_escapes)
    except CatalogError as error:
        if error.line is None and "appears twice" in error.message:
            error.line, error.column = _duplicate_key_position(data)
        raise


def _duplicate_key_position(data: bytes) -> tuple[Optional[int], Optional[int]]:
    """Where the second copy of a key is: ryml keeps no positions, ruamel's reader marks it."""
    if len(data) > EXPLAIN_WITH_RUAMEL_BYTES:
        return None, None
    from ruamel.yaml.error import MarkedYAMLError

    complaint = _ruamel_complaint(data)
    if isinstance(complaint, MarkedYAMLError) and complaint.problem_mark is not None:
        return complaint.problem_mark.line + 1, complaint.problem_mark.column + 1
    return None, None


def _ruamel_complaint(data: bytes) -> Optional[Exception]:
    """What ruamel's pure reader says is wrong with `data` (it words errors and marks positions), or None."""
    from ruamel.yaml import YAML

    try:
        with warnings.catch_warnings():  # ruamel warns (reused anchors...) on stderr: one line is ours
            warnings.simplefilter("ignore")
            YAML(typ="safe", pure=True).load(data)
    except Exception as complaint:  # noqa: BLE001 - any complaint is an answer
        return complaint
    return None


def _to_python(ryml: Any, tree: Any, root: int, data: bytes, path: str, surrogate_escapes: bool) -> Any:
    if not _needs_walker(data) and tree.is_map(root) and not surrogate_escapes and b"~" not in data:
        fast = _via_json(ryml, tree, path)
        if fast is not None:
            return fast
    if tree.is_stream(root):
        docs = list(_children(tree, root, ryml.NONE))
        if not docs:
            return None
        if len(docs) > 1:
            raise CatalogError("the file holds several YAML documents; a catalog is one document", path=path)
        root = docs[0]
    walker = _Walker(tree, root, path, ryml.NONE)
    return walker.node(root, 0)


# Anchors, aliases and tags need the careful walker (bounded alias expansion, tag
# refusal); a conservative look at the raw text decides. Titles such as "A *new* view"
# also match: they only take the slower, equally correct path.
# The search starts at the rare character: most catalogs hold none, and a scan that
# starts at every space is the slower one on a large file.
_SIGIL = re.compile(rb"[&*!]")
_BEFORE_SIGIL = frozenset(b" \t\r\n\f\v[{,")
_ENDS_SIGIL = frozenset(b" \t\r\n\f\v,[]{}")


def _needs_walker(data: bytes) -> bool:
    if data[:1] in (b"&", b"*", b"!"):
        return True
    if b"&" not in data and b"*" not in data and b"!" not in data:  # memchr: the usual answer
        return False
    for match in _SIGIL.finditer(data):
        at = match.start()
        if at and data[at - 1] in _BEFORE_SIGIL and at + 1 < len(data) and data[at + 1] not in _ENDS_SIGIL:
            return True
    return False


def _pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise CatalogError(f"the key '{key}' appears twice in one mapping; keep one")
            seen.add(key)
    return result


def _via_json(ryml: Any, tree: Any, path: str) -> Optional[dict[str, Any]]:
    """The fast path: ryml's C++ JSON emitter, then the C JSON decoder.

    Numbers are kept as their text (parse_int/parse_float=str); `true`/`false`
    arrive as booleans, which the schema reads as the walker's "true"/"false".
    ryml's JSON gives a plain `~` (null) and a quoted "~" (text) alike, so files
    with a `~` anywhere take the walker. Returns None to ask for the walker.
    """
    import json

    try:
        text = _quietly(ryml.emit_json, tree)  # it prints "max depth exceeded" on deep files
        data = json.loads(text, parse_int=str, parse_float=str, parse_constant=str, strict=False, object_pairs_hook=_pairs_without_duplicates)
    except CatalogError as error:
        error.path = path
        raise
    except Exception:  # noqa: BLE001 - anything odd: let the walker decide
        return None
    return data if isinstance(data, dict) else None


def _parse_quietly(ryml: Any, data: bytes) -> Any:
    """ryml prints parse errors to file descriptor 2 itself; keep stderr to our one line."""
    return _quietly(ryml.parse_in_arena, data)


def _quietly(function: Callable[..., Any], *args: Any) -> Any:
    """Call into ryml with fd 2 redirected; on failure keep ryml's own message on the exception."""
    stderr_fd = 2
    try:
        saved = os.dup(stderr_fd)
    except OSError:
        return function(*args)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), stderr_fd)
        try:
            return function(*args)
        except Exception as error:
            sink.seek(0)
            found = re.search(rb"ERROR: \[parse\] ([^\n]+)", sink.read(4096))
            setattr(error, "ryml_message", found.group(1).decode("utf-8", "replace") if found else None)  # read back with getattr
            raise
        finally:
            os.dup2(saved, stderr_fd)
            os.close(saved)


def _explain_parse_error(data: bytes, path: str, error: Exception) -> CatalogError:
    """ryml only says 'parse error'; ask ruamel for a message a person can act on."""
    line = column = None
    location = getattr(getattr(error, "errdata_parse", None), "ymlloc", None)
    if location is not None and 0 < location.line < 1 << 40:
        line, column = location.line, location.col
    if len(data) > EXPLAIN_WITH_RUAMEL_BYTES and line is not None:
        problem = getattr(error, "ryml_message", None) or "invalid YAML"
        return CatalogError(f"invalid YAML: {problem}; fix the syntax there", path=path, line=line, column=column)
    from ruamel.yaml.error import MarkedYAMLError

    complaint = _ruamel_complaint(data)
    if isinstance(complaint, MarkedYAMLError):
        mark = complaint.problem_mark or complaint.context_mark
        problem = complaint.problem or complaint.context or "invalid YAML"
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
        return CatalogError(f"invalid YAML: {problem}; fix the syntax there", path=path, line=line, column=column)
    if complaint is not None:  # any reader complaint is still a parse error
        first_line = str(complaint).strip().splitlines()[0] if str(complaint).strip() else "unreadable"
        return CatalogError(f"invalid YAML: {first_line}", path=path, line=line, column=column)
    return CatalogError("invalid YAML; fix the syntax there", path=path, line=line, column=column)


def _children(tree: Any, node: int, none: int) -> Iterator[int]:
    child = tree.first_child(node)
    while child != none:
        yield child
        child = tree.next_sibling(child)


def _collect_anchors(tree: Any, node: int, anchors: dict[str, int], none: int) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if tree.has_val_anchor(current):
            anchors[bytes(tree.val_anchor(current)).decode()] = current
        if tree.is_container(current):
            stack.extend(_children(tree, current, none))


def _decoded(raw: Any) -> str:
    """A scalar's UTF-8 bytes as text; ryml writes a `\\ud83d` escape as its 3-byte (CESU) form."""
    try:
        return str(raw, "utf-8")
    except UnicodeDecodeError:
        return bytes(raw).decode("utf-8", "surrogatepass")


class _Walker:
    """Turns the ryml tree into Python data. Hot path: one `type()` call per node, bit tests."""

    def __init__(self, tree: Any, root: int, path: str, none: int) -> None:
        import ryml

        self.tree = tree
        self.root = root
        self._anchors: Optional[dict[str, int]] = None  # found on the first alias: most files have none
        self.path = path
        self.none = none
        self.limit = min(MAX_EXPANDED_NODES, ALIAS_SLACK + ALIAS_GROWTH * tree.size())
        self.budget = self.limit
        self.MAP, self.SEQ = ryml.MAP, ryml.SEQ
        self.SPECIAL = ryml.VALREF | ryml.VALTAG | ryml.VALANCH
        self.REF, self.TAG = ryml.VALREF, ryml.VALTAG
        self.QUOTED = ryml.VALQUO

    def fail(self, message: str) -> CatalogError:
        return CatalogError(message, path=self.path)

    def spend(self, nodes: int) -> None:
        """Count nodes built; aliases that multiply the file past its budget are a bomb."""
        self.budget -= nodes
        if self.budget < 0:
            raise self.fail(
                f"aliases expand the file to more than {self.limit:,} nodes ({ALIAS_GROWTH}x what is written); refusing to load it (an alias bomb?)"
            )

    def scalar(self, raw: Any, kind: int) -> Optional[str]:
        """A scalar's text; an unquoted empty, `~` or `null` is None."""
        if raw is None:
            return None
        text = _decoded(raw)
        return None if not kind & self.QUOTED and text in _NULL_WORDS else text

    def node(self, node: int, depth: int) -> Any:
        tree = self.tree
        kind = tree.type(node)
        self.spend(1)
        if depth > MAX_DEPTH:
            raise self.fail(f"the file nests deeper than {MAX_DEPTH} levels; a catalog never needs that")
        if kind & self.SPECIAL:
            if kind & self.TAG:
                tag = str(tree.val_tag(node), "utf-8")
                if tag not in STANDARD_TAGS:
                    raise self.fail(f"the YAML tag '{tag}' is not allowed in a catalog; remove it (papercat never constructs objects from tags)")
            if kind & self.REF:
                name = str(tree.val_ref(node), "utf-8").lstrip("*")
                if self._anchors is None:
                    self._anchors = {}
                    _collect_anchors(tree, self.root, self._anchors, self.none)
                target = self._anchors.get(name)
                if target is None:
                    raise self.fail(f"the alias '*{name}' refers to no anchor")
                return self.node(target, depth + 1)
        if kind & self.MAP:
            return self.mapping(node, depth)
        if kind & self.SEQ:
            result = []
            child = tree.first_child(node)
            none = self.none
            while child != none:
                result.append(self.node(child, depth + 1))
                child = tree.next_sibling(child)
            return result
        return self.scalar(tree.val(node), kind)

    def mapping(self, node: int, depth: int) -> dict[str, Any]:
        tree = self.tree
        none = self.none
        result: dict[str, Any] = {}
        containers = self.MAP | self.SEQ | self.SPECIAL
        child = tree.first_child(node)
        count = 0
        while child != none:
            count += 1
            raw_key = tree.key(child)  # None for an empty explicit key (`? `): schema checks reject ""
            key = "" if raw_key is None else _decoded(raw_key)
            kind = tree.type(child)
            if kind & containers:
                if key == "<<" and kind & self.REF:
                    merged = self.node(child, depth + 1)
                    if isinstance(merged, dict):
                        for merged_key, merged_value in merged.items():
                            result.setdefault(merged_key, merged_value)
                        child = tree.next_sibling(child)
                        continue
                value = self.node(child, depth + 1)
            else:
                value = self.scalar(tree.val(child), kind)
            if key in result:
                raise self.fail(f"the key '{key}' appears twice in one mapping; keep one")
            result[key] = value
            child = tree.next_sibling(child)
        self.spend(count)
        return result
