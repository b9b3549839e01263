"""The Markdown rendering of a report document."""

from __future__ import annotations

from typing import Any

from verify.report.document import (
    format_interval,
    format_ratio,
    format_resolution,
    headline_ratio,
)


def markdown(document: dict[str, Any]) -> str:
    """A readable Markdown rendering of a report document."""
    lines = ["# dlverify verification report", "",
             f"Created {document['created']}. Versions: "
             + ", ".join(f"{k} {v}" for k, v in document["versions"].items()) + ".", ""]
    if document.get("partial"):
        lines += ["**Partial report**: the run stopped before every check finished; "
                  "`dlverify report --resume DIR` completes it.", ""]
    lines += ["| id | kind | status | mode | instances | worst ratio | seconds |",
              "|---|---|---|---|---|---|---|"]
    for v in document["verdicts"]:
        label = v["id"] + (f" — mutant *{v['mutant']}*" if v["mutant"] else "")
        lines.append(f"| {label} | {v['kind']} | **{v['status']}** | {v['mode']} | "
                     f"{v['instances']} | {headline_ratio(v)} | {v['seconds']:.2f} |")
    lines.append("")
    for v in document["verdicts"]:
        if v["kind"] != "theorem":
            continue
        t = document["theorems"].get(v["id"], {})
        lines += [f"## {v['id']}: {t.get('title', v['title'])}", ""]
        if t:
            lines += [f"Survey {t['survey']}; source: {t['source']}.", "",
                      f"$$ {t['latex']} $$", ""]
        routes = ", ".join(f"{count} {route}" for route, count in v["routes"].items())
        lines.append(f"**{v['status']}** on {v['instances']} instances (mode `{v['mode']}`; "
                     f"routes: {routes or 'none'}); proof steps: {v.get('proof', 'none')}; "
                     f"worst ratio quantity/bound {headline_ratio(v)}"
                     + (f" at {v['worst_instance']}" if v["worst_instance"] else "") + ".")
        lines.append("")
        if v.get("clauses"):
            lines += ["| clause | status | worst ratio | interval | resolution (target) |",
                      "|---|---|---|---|---|"]
            for c in v["clauses"]:
                lines.append(f"| `{c['relation']}` | {c['status']} | "
                             f"{format_ratio(c['worst_ratio'])} | {format_interval(c)} | "
                             f"{format_resolution(c)} |")
            lines.append("")
        data = v.get("worst_data") or {}
        if "sizes" in data and "values" in data:
            points = zip(data["sizes"], data["values"], strict=True)
            lines.append("Sweep at the worst instance (size → value): "
                         + ", ".join(f"{s:g} → {val:.4g}" for s, val in points))
            lines.append("")
        if v.get("proof_steps"):
            lines.append("Proof steps:")
            lines += [f"- {s['status']}: {s['step']}" for s in v["proof_steps"]]
            lines.append("")
        if v["witnesses"]:
            lines.append("Witnesses:")
            for w in v["witnesses"]:
                extra = ""
                if "claim" in w:
                    extra = f"; claim `{w['claim']}` holds: {w['claim_holds']}"
                lines.append(f"- {w['name']}: ratio {format_ratio(w.get('ratio'))}{extra}")
            lines.append("")
        if v["necessity"]:
            lines.append("Necessity:")
            lines += [f"- {n['name']} (drops {n['dropped']}): "
                      f"{'shown' if n['shown'] else 'NOT shown'}" for n in v["necessity"]]
            lines.append("")
        if v["unchecked"]:
            lines.append("Not checked:")
            lines += [f"- {u}" for u in v["unchecked"]]
            lines.append("")
        if v["counterexample"]:
            c = v["counterexample"]
            lines.append(f"Counterexample: {c['instance']}: quantity {c['quantity']} vs bound "
                         f"{c['bound']} (saved: {c.get('saved')})")
            lines.append("")
        if v["notes"]:
            lines += [f"> {n}" for n in v["notes"]] + [""]
        mutants = [m for m in document["verdicts"]
                   if m["kind"] == "mutant" and m["id"] == v["id"]]
        if mutants:
            lines.append("Mutants:")
            lines += [f"- {m['mutant']}: **{m['status']}**" for m in mutants]
            lines.append("")
    return "\n".join(lines)
