"""Sphinx configuration of dlverify's documentation (built with warnings as errors in CI)."""

project = "dlverify"
author = "the dlverify developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.doctest", "sphinx.ext.napoleon"]
exclude_patterns = ["_build"]
autodoc_typehints = "none"
autodoc_member_order = "bysource"
nitpicky = False
html_theme = "alabaster"
suppress_warnings = ["autodoc.import_object"]
doctest_global_setup = (
    "from verify import *  # noqa: F403\n"
    "from verify.core.declarations import render_latex\n"
)
