"""The HTML rendering of a report document: one self-contained page (no script, style sheet
or font is loaded from anywhere), statements as MathML, plots as inline SVG."""

from __future__ import annotations

from html import escape
from typing import Any

from verify.report import plots
from verify.report.document import (
    format_interval,
    format_ratio,
    format_resolution,
    headline_ratio,
)

__all__ = ["html", "mathml"]

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:64em;margin:auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:2px 8px;border-bottom:1px solid #ddd;
text-align:left;vertical-align:top}.status{font-weight:bold}
.certified .status,.caught .status{color:#1b5e20}.passed .status{color:#2e7d32}
.falsified .status,.survived .status{color:#b03a2e}.inconclusive .status,.error .status
{color:#8d6e00}section.theorem{border-top:2px solid #ccc;margin-top:1.5em}
.math{font-size:1.15em;margin:.6em 0;overflow-x:auto}code{font-size:.9em}
.partial{background:#fff3cd;padding:.5em}nav ol{columns:2}
"""


def mathml(latex: str) -> str:
    """MathML for a LaTeX statement (latex2mathml, the ``report`` extra); the LaTeX source in
    a code block when the converter is missing or fails."""
    try:
        from latex2mathml.converter import convert
    except ImportError:
        return f"<code>{escape(latex)}</code>"
    try:
        return convert(latex, display="block")
    except Exception:  # the converter rejects some macros: show the source then
        return f"<code>{escape(latex)}</code>"


def _anchor(theorem_id: str) -> str:
    return "t-" + theorem_id.replace(".", "-")


def _totals(verdicts: list[dict[str, Any]]) -> str:
    theorems = [v for v in verdicts if v["kind"] == "theorem"]
    mutants = [v for v in verdicts if v["kind"] == "mutant"]
    counts: dict[str, int] = {}
    for v in theorems:
        counts[v["status"]] = counts.get(v["status"], 0) + 1
    text = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    caught = sum(m["status"] == "falsified" for m in mutants)
    return (f"<p>{len(theorems)} theorems: {escape(text) or 'none'}. {len(mutants)} mutants: "
            f"{caught} caught (falsified), {len(mutants) - caught} not caught.</p>")


def _clauses(v: dict[str, Any]) -> str:
    if not v.get("clauses"):
        return ""
    rows = "".join(
        f"<tr class='{escape(str(c['status']))}'><td><code>{escape(c['relation'])}</code></td>"
        f"<td class='status'>{escape(str(c['status']))}</td>"
        f"<td>{escape(format_ratio(c['worst_ratio']))}</td><td>{escape(format_interval(c))}</td>"
        f"<td>{escape(format_resolution(c))}</td></tr>" for c in v["clauses"])
    plots_html = "".join(plots.sweep_plot(c) for c in v["clauses"] if c.get("sweep"))
    return ("<table><tr><th>clause</th><th>status</th><th>worst ratio</th><th>interval</th>"
            f"<th>resolution (target)</th></tr>{rows}</table>{plots_html}")


def _counterexample(v: dict[str, Any]) -> str:
    c = v.get("counterexample")
    if not c:
        return ""
    data = "".join(f"<li>{escape(k)}: <code>{escape(str(t))}</code></li>"
                   for k, t in (c.get("data") or {}).items())
    replay = (f"<p>Replay: <code>dlverify replay {escape(str(c['saved']))}</code></p>"
              if c.get("saved") else "")
    return (f"<h4>Counterexample</h4><p>{escape(str(c['instance']))}: quantity "
            f"{escape(str(c['quantity']))} against bound {escape(str(c['bound']))} (ratio "
            f"{escape(str(c['ratio']))}, {escape(str(c['route']))})</p><ul>{data}</ul>{replay}")


def _witnesses(v: dict[str, Any]) -> str:
    if not v.get("witnesses"):
        return ""
    items = []
    for w in v["witnesses"]:
        extra = " (declared to attain the bound)" if w.get("attains") else ""
        if w.get("claim"):
            extra += f"; claim <code>{escape(w['claim'])}</code> holds: {w.get('claim_holds')}"
        if w.get("problems"):
            extra += "; <strong>" + escape("; ".join(w["problems"])) + "</strong>"
        items.append(f"<li>{escape(w['name'])}: ratio {escape(format_ratio(w.get('ratio')))}"
                     f"{extra}</li>")
    return "<h4>Witnesses</h4><ul>" + "".join(items) + "</ul>"


def _list(title: str, entries: list[str]) -> str:
    if not entries:
        return ""
    return f"<h4>{title}</h4><ul>" + "".join(f"<li>{e}</li>" for e in entries) + "</ul>"


def _theorem_section(v: dict[str, Any], t: dict[str, Any], mutants: list[dict[str, Any]]
                     ) -> str:
    proof = [f"{escape(str(s['status']))}: {escape(s['step'])}" for s in v.get("proof_steps", [])]
    caught = [f"<span class='status'>{'caught' if m['status'] == 'falsified' else 'NOT caught'}"
              f"</span> {escape(m.get('mutant_kind') or 'statement')} mutant "
              f"<em>{escape(m['mutant'])}</em> ({escape(str(m['status']))})" for m in mutants]
    return (
        f"<section class='theorem {escape(str(v['status']))}' id='{_anchor(v['id'])}'>"
        f"<h2>{escape(v['id'])}: {escape(t.get('title', v.get('title', '')))}</h2>"
        f"<p>Survey {escape(t.get('survey', ''))}; source: {escape(t.get('source', ''))}</p>"
        f"<div class='math'>{mathml(t.get('latex', ''))}</div>"
        f"<p><span class='status'>{escape(str(v['status']))}</span> on {v['instances']} "
        f"instances (mode {escape(str(v['mode']))}; proof steps: {escape(v.get('proof', ''))})"
        f"; worst ratio {escape(headline_ratio(v))}"
        + (f" at {escape(v['worst_instance'])}" if v.get("worst_instance") else "") + "</p>"
        + _clauses(v) + _counterexample(v) + _witnesses(v)
        + _list("Proof steps", proof)
        + _list("Not checked", [escape(u) for u in v.get("unchecked", [])])
        + _list("Notes", [escape(n) for n in v.get("notes", [])])
        + _list("Mutants", caught) + "</section>")


def html(document: dict[str, Any]) -> str:
    """The report page: totals, contents, a worst-ratio chart, then each theorem."""
    verdicts = document["verdicts"]
    theorems = [v for v in verdicts if v["kind"] == "theorem"]
    first = theorems[0] if theorems else {}
    contents = "".join(f"<li><a href='#{_anchor(v['id'])}'>{escape(v['id'])}</a> "
                       f"<span class='status'>{escape(str(v['status']))}</span></li>"
                       for v in theorems)
    kinds = ["falsified" if v["status"] == "falsified" else
             "estimate" if v.get("worst_ratio_interval") else "decided" for v in theorems]
    chart = plots.ratio_chart([v["id"] for v in theorems],
                              [_number(v["worst_ratio"]) for v in theorems],
                              "worst ratio per theorem (red: falsified; blue: a point "
                              "estimate judged by its interval)", kinds)
    sections = "".join(
        _theorem_section(v, document["theorems"].get(v["id"], {}),
                         [m for m in verdicts if m["kind"] == "mutant" and m["id"] == v["id"]])
        for v in theorems)
    versions = ", ".join(f"{k} {v}" for k, v in document.get("versions", {}).items())
    no_plots = "" if plots.available() else \
        "<p>Plots need matplotlib: pip install 'dlverify[report]'.</p>"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>dlverify report</title>"
        f"<style>{_STYLE}</style></head><body><h1>dlverify verification report</h1>"
        + ("<p class='partial'><strong>Partial report</strong>: the run stopped before every "
           "check finished; <code>dlverify report DIR --resume</code> completes it.</p>"
           if document.get("partial") else "")
        + f"<p>Created {escape(document['created'])}; budget "
        f"{escape(str(first.get('budget', '?')))}, seed {escape(str(first.get('seed', '?')))}"
        f"; {escape(versions)}.</p>" + _totals(verdicts) + no_plots
        + f"<nav><h2>Contents</h2><ol>{contents}</ol></nav>{chart}{sections}</body></html>")


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
