"""Reports written from verdicts: the JSON document, Markdown and HTML.
"""

from verify.report.document import report_document
from verify.report.write import write_report

__all__ = ["report_document", "write_report"]
