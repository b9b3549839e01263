"""The HTML rendering of a report document (self-contained: no external resource)."""

from __future__ import annotations

from typing import Any

from verify.report.document import format_ratio


def html(document: dict[str, Any]) -> str:
    """A small self-contained HTML page: the summary table and each theorem's statement."""
    from html import escape

    rows = []
    for v in document["verdicts"]:
        label = escape(v["id"] + (f" — mutant {v['mutant']}" if v["mutant"] else ""))
        rows.append(f"<tr class='{escape(v['status'])}'><td>{label}</td><td>{v['kind']}</td>"
                    f"<td>{escape(v['status'])}</td><td>{escape(v['mode'])}</td>"
                    f"<td>{v['instances']}</td><td>{escape(format_ratio(v['worst_ratio']))}</td></tr>")
    statements = "".join(
        f"<h2>{escape(tid)}: {escape(t['title'])}</h2><p>{escape(t['source'])}</p>"
        f"<p>\\[{escape(t['latex'])}\\]</p>" for tid, t in document["theorems"].items())
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>dlverify report</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "td,th{padding:2px 8px;border-bottom:1px solid #ddd}"
        ".falsified td{background:#fdd}.certified td{background:#dfd}"
        ".passed td{background:#efe}</style></head><body><h1>dlverify report</h1>"
        f"<p>Created {escape(document['created'])}</p>"
        + ("<p><strong>Partial report</strong>: the run stopped before every check "
           "finished.</p>" if document.get("partial") else "")
        + "<table><tr><th>id</th><th>kind</th>"
        "<th>status</th><th>mode</th><th>instances</th><th>worst ratio</th></tr>"
        + "".join(rows) + "</table>" + statements + "</body></html>"
    )
