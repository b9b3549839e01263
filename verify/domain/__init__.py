"""The mathematics the catalog measures, grouped by topic. Uses ``verify.arith``,
``verify.core``, ``verify.check`` and ``verify.device``; the engine, reports and front ends never
import it.
"""
