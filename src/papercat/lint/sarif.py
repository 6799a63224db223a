"""Findings as SARIF 2.1.0 (`papercat lint --format sarif`), for GitHub code scanning and other viewers.

One run, papercat as the tool driver with every rule (id, name, summary, rationale, default
level, a link to its section of docs/rules.md), and one result per finding. Paths written
relative (as papercat reports them) stay relative to the repository root (`%SRCROOT%`), which
is what code scanning expects; an absolute path under the working directory is made relative.
A finding's `partialFingerprints` carry its rule and subject, so a finding keeps its identity
when lines move (the baseline's notion of "the same finding").
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from typing import Any, Iterable

from .model import Finding, Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/papercat/papercat"
RULES_URI = f"{INFORMATION_URI}/blob/main/docs/rules.md"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "helpUri": f"{RULES_URI}#{rule.code.lower()}-{rule.name}",
        "defaultConfiguration": {"level": _level(rule.severity)},
        "properties": {"fixable": rule.fixable},
    }
    if rule.rationale:
        descriptor["fullDescription"] = {"text": rule.rationale}
    return descriptor


def _level(severity: str) -> str:
    return "error" if severity == "error" else "warning"


def artifact_location(path: str) -> dict[str, str]:
    """A relative path as given (posix), under %SRCROOT%; an absolute one relative to the cwd, or a file URI."""
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            pure = Path(path).resolve().relative_to(Path(os.getcwd()).resolve())
        except ValueError:
            return {"uri": Path(path).resolve().as_uri()}
    return {"uri": pure.as_posix(), "uriBaseId": "%SRCROOT%"}


def result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": finding.line or 1}
    if finding.line is not None and finding.column is not None:
        region["startColumn"] = finding.column
    label = f"[{finding.subject}] " if finding.entry or finding.section else ""
    data: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _level(finding.severity),
        "message": {"text": label + finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(finding.path), "region": region}}],
        "partialFingerprints": {"papercatSubject/v1": f"{finding.code}:{finding.subject}"},
    }
    if finding.code in rule_index:
        data["ruleIndex"] = rule_index[finding.code]
    properties: dict[str, Any] = {}
    for key in ("entry", "section", "field"):
        value = getattr(finding, key)
        if value:
            properties[key] = value
    if finding.fix is not None:
        properties["fix"] = {"field": finding.fix.field, "value": finding.fix.value}
    if properties:
        data["properties"] = properties
    return data


def sarif_log(findings: Iterable[Finding], rules: Iterable[Rule], version: str) -> dict[str, Any]:
    descriptors = [rule_descriptor(rule) for rule in rules]
    rule_index = {descriptor["id"]: index for index, descriptor in enumerate(descriptors)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "papercat",
                        "version": version,
                        "semanticVersion": version,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "results": [result(finding, rule_index) for finding in findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def format_sarif(findings: Iterable[Finding]) -> str:
    from .. import __version__
    from .registry import ALL_RULES

    return json.dumps(sarif_log(findings, ALL_RULES, __version__), indent=2, ensure_ascii=False) + "\n"
