"""arXiv ids, DOIs and ACL Anthology ids: find them in pasted text and URLs, normalise them.

Pure functions only. The rules follow arXiv's identifier documentation
(arxiv-docs `help/arxiv_identifier.md`): new-style ids are `YYMM.NNNN` (0704 to 1412)
or `YYMM.NNNNN` (from 1501), old-style ids are `archive[.SC]/YYMMNNN` and are written
without the subject class (`math.GT/0309136` is `math/0309136`). A version (`v2`) is
kept only where the user wrote one: a bare id means "the paper", not one version of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import unquote, urlsplit, urlunsplit

from .errors import IdentifierError

# Archives of the old (1991-2007) scheme; knowing them keeps `foo/1234567` from being an id.
OLD_STYLE_ARCHIVES = (
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas "
    "cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph mtrl-th nlin "
    "nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio q-fin quant-ph solv-int stat supr-con"
).split()

_VERSION = r"(?:v(?P<version>[1-9]\d*))?(?!\d|v\d)"
_NEW_STYLE = re.compile(r"(?<!\d)(?<!\d\.)(?P<yymm>\d{4})\.(?P<number>\d{4,5})" + _VERSION)
_OLD_STYLE = re.compile(
    r"(?<![\w.-])(?P<archive>" + "|".join(sorted(map(re.escape, OLD_STYLE_ARCHIVES), key=len, reverse=True)) + r")"
    r"(?:\.[A-Za-z]{2})?/(?P<yymm>\d{4})(?P<number>\d{3})" + _VERSION,
    re.IGNORECASE,
)
# dblp writes CoRR papers as `journals/corr/abs-2312-07559`.
_DBLP_CORR = re.compile(r"corr/abs-(?P<yymm>\d{4})-(?P<number>\d{4,5})" + _VERSION, re.IGNORECASE)
# The common shapes, a bare id and an arxiv.org abs/pdf link, read without the general search.
# fast path: same answer as the general search, checked by
# tests/test_ids.py::test_the_fast_path_for_common_shapes_agrees_with_the_general_search
_FAST_ARXIV = re.compile(
    r"(?P<url>https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)?(?P<yymm>\d{4})\.(?P<number>\d{4,5})"
    r"(?:v(?P<version>[1-9]\d*))?(?(url)(?:\.pdf)?/?)"
)
_BARE_NEW_STYLE = re.compile(r"[0-9]{4}\.[0-9]{4,5}")
_MONTHS = frozenset(f"{month:02d}" for month in range(1, 13))

# A DOI: `10.` + registrant + `/` + suffix (Crossref's recommended pattern, suffix up to whitespace).
_DOI = re.compile(r"(?<![\w.])(10\.\d{4,9}/[^\s\"'<>]+)", re.IGNORECASE)
_ARXIV_DOI_PREFIX = "10.48550/"
_DOI_URL_HOSTS = ("doi.org", "dx.doi.org")

# ACL Anthology: new ids `2023.acl-long.754`, old ids `P19-1001`.
_ACL_NEW = re.compile(r"(?<![\w.])(?P<id>(?:19|20)\d{2}\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.\d+)(?![\w])", re.IGNORECASE)
_ACL_OLD = re.compile(r"^(?P<id>[A-Z]\d{2}-\d{4})$")
_ACL_HOSTS = ("aclanthology.org", "aclweb.org")

# An absolute http(s) link: a scheme, `://` and a host (lint PC201/PC202 and `add` agree on this).
_HTTP = re.compile(r"^https?://[^/?#\s]", re.IGNORECASE)

# arXiv's own site: the links lint PC204 rewrites to the canonical abs page.
ARXIV_SITE_HOSTS = ("arxiv.org", "www.arxiv.org", "export.arxiv.org")
# Hosts (without `www.`) whose pages are arXiv's, mirrors included; any *.arxiv.org counts too.
# Which links carry an arXiv id is decided in papercat.identity (the arXiv-link policy).
ARXIV_HOSTS = ("arxiv.org", "export.arxiv.org", "ar5iv.labs.arxiv.org", "ar5iv.org")

EXPECTED_FORMS = "2305.07759, arXiv:2305.07759, https://arxiv.org/abs/2305.07759, 10.1073/pnas.2305016120 or 2023.acl-long.754"


@dataclass(frozen=True)
class PaperId:
    """A paper's identifier, normalised; `version` only where the user gave one."""

    kind: str  # 'arxiv' | 'doi' | 'acl'
    value: str
    version: Optional[int] = None

    @property
    def canonical_url(self) -> str:
        if self.kind == "arxiv":
            return canonical_arxiv_url(self.value, self.version)
        if self.kind == "doi":
            return f"https://doi.org/{self.value}"
        return f"https://aclanthology.org/{self.value}/"

    def __str__(self) -> str:
        if self.kind == "arxiv" and self.version:
            return f"{self.value}v{self.version}"
        return self.value


def is_absolute_http_url(url: str) -> bool:
    return bool(_HTTP.match(url.strip()))


def canonical_arxiv_url(arxiv_id: str, version: Optional[int] = None) -> str:
    """The abs page, the URL arXiv asks people to link to (it always shows the latest version)."""
    suffix = f"v{version}" if version else ""
    return f"https://arxiv.org/abs/{arxiv_id}{suffix}"


def _valid_new_style(yymm: str, number: str) -> bool:
    year, month = int(yymm[:2]), int(yymm[2:])
    if not 1 <= month <= 12 or year < 7 or (year == 7 and month < 4):
        return False
    # Four-digit sequence numbers ran until 1412; five digits from 1501 on.
    return len(number) == (4 if year < 15 else 5)


# fast path: same answer as _valid_new_style on a bare id, checked by
# tests/test_ids.py::test_the_bare_id_check_applies_the_scheme_rules_of_the_general_parser
def is_bare_arxiv_id(text: str) -> bool:
    """`2305.07759`: a valid new-style id written alone in ASCII, as an entry's `arxiv` field holds it.

    _valid_new_style's rules, read on the text itself: this runs for every entry of a catalog.
    """
    if not _BARE_NEW_STYLE.fullmatch(text):
        return False
    yymm = text[:4]
    return yymm[2:] in _MONTHS and yymm >= "0704" and len(text) == (9 if yymm < "1500" else 10)


def _valid_old_style(yymm: str) -> bool:
    year, month = int(yymm[:2]), int(yymm[2:])
    return 1 <= month <= 12 and (year >= 91 or year <= 7)


# arXiv versions run v1, v2, ...: none has reached four digits. A longer run of digits is no
# version (and past 4300 digits Python refuses to read it as a number at all).
MAX_VERSION_DIGITS = 4


def _version(match: re.Match[str]) -> Optional[int]:
    digits = match.group("version")
    if not digits:
        return None
    if len(digits) > MAX_VERSION_DIGITS:
        shown = digits if len(digits) <= 12 else f"{digits[:8]}... ({len(digits):,} digits)"
        raise IdentifierError(f"'v{shown}' is not an arXiv version (arXiv numbers versions v1, v2, ...); drop it or fix it")
    return int(digits)


def _without_foreign_dois(text: str) -> str:
    """Blank out DOIs that are not arXiv's, so `10.1145/1234.56789` is not read as an arXiv id."""
    return _DOI.sub(lambda m: m.group(0) if m.group(0).lower().startswith(_ARXIV_DOI_PREFIX) else " ", text)


def arxiv_id_from_text(text: str) -> Optional[tuple[str, Optional[int]]]:
    """The first arXiv id (and version, if written) in a link or citation; None if there is none."""
    if not text:
        return None
    fast = _FAST_ARXIV.fullmatch(text)
    if fast and _valid_new_style(fast.group("yymm"), fast.group("number")):
        return f"{fast.group('yymm')}.{fast.group('number')}", _version(fast)
    text = _without_foreign_dois(unquote(text))
    candidates: list[tuple[int, str, Optional[int]]] = []
    for pattern in (_NEW_STYLE, _DBLP_CORR):
        for match in pattern.finditer(text):
            if _valid_new_style(match.group("yymm"), match.group("number")):
                candidates.append((match.start(), f"{match.group('yymm')}.{match.group('number')}", _version(match)))
                break
    for match in _OLD_STYLE.finditer(text):
        if _valid_old_style(match.group("yymm")):
            value = f"{match.group('archive').lower()}/{match.group('yymm')}{match.group('number')}"
            candidates.append((match.start(), value, _version(match)))
            break
    if not candidates:
        return None
    _, value, version = min(candidates, key=lambda c: c[0])
    return value, version


def is_arxiv_doi(doi: str) -> bool:
    """Is this DOI one arXiv registered for a paper (`10.48550/arXiv.<id>`, any case)?"""
    return (doi or "").strip().lower().startswith(_ARXIV_DOI_PREFIX + "arxiv.")


def doi_from_text(text: str) -> Optional[str]:
    """The first DOI in text or a URL (doi.org or a publisher's `/doi/pdf/10...`), lower-cased."""
    if not text:
        return None
    match = _DOI.search(unquote(text))
    if not match:
        return None
    doi = match.group(1)
    if "://" in text or text.lstrip().lower().startswith(("www.", "doi.org/", "dx.doi.org/")):
        doi = re.split(r"[?#]", doi, maxsplit=1)[0]
        doi = re.sub(r"/(?:pdf|full|abstract|epdf)$", "", doi, flags=re.IGNORECASE)
    doi = doi.rstrip(".,;:)]}")
    return doi.lower() if "/" in doi and len(doi.split("/", 1)[1]) > 0 else None


def acl_id_from_text(text: str) -> Optional[str]:
    """An ACL Anthology id from a bare id, an aclanthology.org URL or an ACL DOI (10.18653/v1/...)."""
    if not text:
        return None
    stripped = text.strip()
    old = _ACL_OLD.match(stripped)
    if old:
        return old.group("id")
    try:
        parts = urlsplit(stripped) if "://" in stripped else None
    except ValueError:  # e.g. "http://[x]": urlsplit rejects a bracketed host that is no IPv6 address
        parts = None
    if parts and host_of(parts.netloc) in _ACL_HOSTS:
        path = parts.path.strip("/")
        path = re.sub(r"\.(?:pdf|bib|xml)$", "", path, flags=re.IGNORECASE)
        last = path.split("/")[-1] if path else ""
        if _ACL_OLD.match(last):
            return last
        match = _ACL_NEW.fullmatch(last)
        return match.group("id").lower() if match else None
    if parts and "10.18653/" not in stripped:
        return None  # another site's URL: a year-dot-word in it is not an Anthology id
    match = _ACL_NEW.search(stripped)
    if match:
        return match.group("id").lower()
    return None


def host_of(netloc: str) -> str:
    """A URL's host for comparisons: lower case, without user, port or `www.`."""
    host = netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host


def parse_paper_id(text: str) -> PaperId:
    """What a user typed for `papercat add`: an arXiv id or URL, a DOI, or an ACL Anthology id."""
    raw = text if isinstance(text, str) else ""
    stripped = raw.strip()
    lowered = stripped.lower()
    looks_like_doi = lowered.startswith(("10.", "doi:", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/"))
    if looks_like_doi:
        doi = doi_from_text(stripped)
        if doi and doi.startswith(_ARXIV_DOI_PREFIX):
            found = arxiv_id_from_text(doi)
            if found:
                return PaperId("arxiv", found[0], found[1])
        if doi:
            return PaperId("doi", doi)
    acl = acl_id_from_text(stripped)
    if acl:
        return PaperId("acl", acl)
    from .identity import arxiv_id_in  # the arXiv-link policy (identity builds on this module)

    found = arxiv_id_in(stripped)
    if found:
        return PaperId("arxiv", found[0], found[1])
    doi = doi_from_text(stripped) if "://" in stripped else None
    if doi:
        return PaperId("doi", doi)
    shown = stripped if len(stripped) <= 80 else stripped[:77] + "..."
    raise IdentifierError(f"'{shown}' is not an arXiv id, DOI or ACL Anthology id; expected e.g. {EXPECTED_FORMS}")


def normalize_url(url: str) -> str:
    """A comparison key for URLs: two links to the same page give the same key. Never raises."""
    stripped = (url or "").strip()
    if "://" not in stripped:
        return stripped
    fast = _FAST_ARXIV.fullmatch(stripped)
    if fast and fast.group("url") and _valid_new_style(fast.group("yymm"), fast.group("number")):
        # fast path: same answer as the urlsplit path below, checked by tests/test_ids.py (arXiv links)
        return canonical_arxiv_url(f"{fast.group('yymm')}.{fast.group('number')}")
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return stripped
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    host = host_of(parts.netloc)
    path = parts.path
    if host in ARXIV_HOSTS or host.endswith(".arxiv.org"):
        found = arxiv_id_from_text(path)
        if found:
            return canonical_arxiv_url(found[0])
    if host in _DOI_URL_HOSTS:
        doi = doi_from_text(path.lstrip("/"))
        if doi:
            return f"https://doi.org/{doi}"
    if host in _ACL_HOSTS:
        acl = acl_id_from_text(f"https://{host}{path}")
        if acl:
            return f"https://aclanthology.org/{acl}"
    path = path.rstrip("/")
    query = parts.query
    return urlunsplit((scheme, host, path, query, ""))
