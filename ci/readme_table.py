"""Write the catalog table of README.md from the catalog itself, so that it cannot drift:
``python ci/readme_table.py`` rewrites the block between the markers; ``--check`` exits 1 when
the README is stale (the test suite runs the check)."""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- catalog-table:start -->", "<!-- catalog-table:end -->"


def table() -> str:
    from verify.engine.catalog_index import catalog_rows

    lines = ["| id | mode | coverage | mutants (implementation) | title |",
             "|---|---|---|---|---|"]
    for row in catalog_rows():
        title = row["title"].replace("|", "\\|")
        lines.append(f"| `{row['id']}` | {row['mode']} | {row['coverage']} | "
                     f"{row['mutants']} ({row['implementation_mutants']}) | {title} |")
    return "\n".join(lines)


def rewritten(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    text = README.read_text()
    if START not in text or END not in text:
        print(f"README.md lacks the markers {START} ... {END}", file=sys.stderr)
        return 2
    new = rewritten(text)
    if "--check" in argv:
        if new != text:
            print("README.md's catalog table is stale: run python ci/readme_table.py",
                  file=sys.stderr)
            return 1
        return 0
    README.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
