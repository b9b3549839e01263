"""Section 6 of the catalog (survey §6.5, §6.6): subset sums, strong lottery tickets, and the
one-neuron stack of a saturated-linear RNN.

Private module: the section's public module imports these Theorem objects. Coverage of [−1, 1]
by subset sums is exact (``verify.domain.architectures.subset_sum``: dyadic samples, bucketed
gaps over two sorted halves, all sums or merged intervals; ``.lottery``: the pruned random
networks); the stack machine runs in Fractions (``verify.domain.architectures.recurrent``).
Sources: SOURCES.md T18; THEOREMS.md Section 6. The constants C of Lueker and Pensia et al. are
unspecified: the C used here is a probe, stated in each theorem's notes with the scan that fixed
it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from hypothesis import strategies as st

from verify import (
    Budget,
    Context,
    Exact,
    Inequality,
    Instance,
    Mutant,
    Premise,
    Theorem,
    Witness,
    frequency,
    implementation_mutant,
    parameter,
    quantity,
)
from verify.domain.architectures import subset_sum as subset_sum_module
from verify.domain.architectures.lottery import (
    LOTTERY_BITS,
    binary_net,
    covers_all,
    pruned_error,
    random_net,
    width_needed,
)
from verify.domain.architectures.recurrent import (
    OPS,
    SaturatedRNN,
    op_input,
    run_exact,
    stack_mismatches,
    stack_rnn,
)
from verify.domain.architectures.subset_sum import (
    counting_radius_bound,
    coverage_failures,
    coverage_radii,
    coverage_radius,
    uniform_dyadic,
)

__all__ = ["subset_sum", "strong_lottery_ticket", "rnn_stack"]

F = Fraction
CONFIDENCE = 0.9999
BITS = 52
C_SUBSET = 4
"""The probe's constant in n ≥ C ln(2/min(ε, δ)) (natural log); unspecified in the source."""

n = parameter("n", integer=True, positive=True)
eps = parameter("epsilon", positive=True)
delta = parameter("delta", positive=True)
C = parameter("C", positive=True)


def _needed(c: Any, e: Fraction, d: Fraction, loglog: bool = False) -> int:
    inner = sympy.log(2 / sympy.Rational(min(e, d)))
    return int(sympy.ceiling(c * (sympy.log(inner) if loglog else inner)))


def _small_seeds(budget: Budget) -> st.SearchStrategy[int]:
    """Few seeds per parameter point: the parameter grid is small, hypothesis runs each
    distinct instance once, and every instance draws its trials from its own seed."""
    return st.integers(0, budget.pick(1, 3, 7))


# --------------------------------------------------------------------------------------------
# arch.subset_sum
# --------------------------------------------------------------------------------------------

p_fail = quantity("p_fail", latex=r"\mathbb{P}(\exists z\in[-1,1]:\ \min_S|z-\sum_{S}X_i|>"
                                  r"\varepsilon)")
r_min = quantity("r_min", latex=r"\min_{\mathrm{trials}}\max_{z}\min_S|z-\sum_S X_i|")

SUBSET_TRIALS = (1250, 4000, 16000)
"""Trials per instance (times the engine's sample scale)."""
RADIUS_TRIALS = 8
"""r_min is the exact coverage radius minimized over the first trials (all 2^n sums sorted)."""
GRID_FAILURE = F(8018419, 129140163)
"""P(the subset sums of n = 9 draws uniform on {−1, −3/4, ..., 1} miss some z ∈ [−1, 1] by more
than 1/4), exactly: ``subset_sum.failure_probability`` over all 9^9 draws (checked in the
tests); about 0.0621."""


def _subset_measure(instance: Instance, context: Context) -> dict[str, Any]:
    p, d = instance.params, instance.data
    if "samples" in d:  # one explicit configuration: a point mass, decided exactly
        radius = coverage_radius([F(v) for v in d["samples"]])
        return {"r_min": Exact(radius), "p_fail": Exact(F(int(radius > p["epsilon"])))}
    bits = d.get("bits", BITS)
    scale = 1 << bits
    trials = context.samples(*d.get("trials", SUBSET_TRIALS))
    draws = uniform_dyadic(np.random.default_rng(d["seed"]), (trials, p["n"]), bits)
    out: dict[str, Any] = {"r_min": Exact(min(coverage_radii(draws[:RADIUS_TRIALS], bits)))}
    if counting_radius_bound(p["n"]) > p["epsilon"]:
        out["p_fail"] = Exact(F(1))  # counting: every sample misses, P(fail) = 1 exactly
        return out
    radius = F(p["epsilon"]) * scale
    if radius.denominator != 1:
        raise ValueError(f"ε = {p['epsilon']} is not a multiple of 2^−{bits}")
    hits = int(coverage_failures(draws, int(radius), -scale, scale).sum())
    out["p_fail"] = frequency(hits, trials, CONFIDENCE)
    return out


def _subset_instance(e: Fraction, d: Fraction, size: int, seed: int, c: Any = C_SUBSET,
                     **data: Any) -> Instance:
    return Instance({"n": size, "epsilon": e, "delta": d, "C": c}, {"seed": seed, **data})


def _subset_problems(rule: str) -> Any:
    @st.composite
    def draw_problem(draw: Any, budget: Budget) -> Instance:
        if rule == "theorem":
            top = budget.pick(4, 4, 5)
            e = F(1, 2 ** draw(st.integers(2, top)))
            d = F(1, 2 ** draw(st.integers(2, top)))
            size = _needed(C_SUBSET, e, d)
        elif rule == "C=2":
            e = d = F(1, 2 ** draw(st.integers(2, 5)))
            size = _needed(2, e, d)
        else:
            e = F(1, 2 ** draw(st.integers(20, 48)))
            d = F(1, 2 ** draw(st.integers(1, 4)))
            size = (int(sympy.ceiling(sympy.log(1 / e, 2) / 2)) if rule == "half"
                    else _needed(C_SUBSET, e, d, loglog=True))
        return _subset_instance(e, d, size, draw(_small_seeds(budget)),
                                2 if rule == "C=2" else C_SUBSET)
    return draw_problem


def _enough(i: Instance) -> bool:
    p = i.params
    return bool(sympy.Integer(p["n"]) >= p["C"] * sympy.log(2 / sympy.Rational(
        min(p["epsilon"], p["delta"]))))


_UNIT = (Premise("ε, δ in (0, 1)", lambda i: 0 < i.params["epsilon"] < 1
                 and 0 < i.params["delta"] < 1),)
# Samples −1, 1/2, ..., 1/32: the subset sums are the multiples of 1/32 in [−1, 31/32], so the
# coverage radius of [−1, 1] is 1/32, attained at z = 1 (twice the counting bound 2^−6).
_BINARY_SAMPLES = _subset_instance(F(1, 2), F(1, 2), 6, 0,
                                   samples=(-1, *(F(1, 2**j) for j in range(1, 6))))
_GRID = _subset_instance(F(1, 4), F(1, 4), 9, 11, bits=2, trials=(4000, 8000, 32000))


# Planted bugs (implementation mutants) call the helpers they wrap as imported here, so that
# a patch of the domain module does not reach them.
_HALF_SUMS = subset_sum_module.half_sums
_COVERAGE_FAILURES = coverage_failures
_COVERAGE_RADII = coverage_radii
_COVERAGE_RADIUS = coverage_radius


def _failures_at_double_radius(x: Any, radius: int, lo: int, hi: int) -> Any:
    return _COVERAGE_FAILURES(x, 2 * radius, lo, hi)


def _half_sums_without_last(numerators: Any) -> Any:
    x = np.asarray(numerators, dtype=np.int64)
    return _HALF_SUMS(x[..., :-1] if x.shape[-1] else x)


def _uniform_on_unit(rng: np.random.Generator, shape: Any, bits: int = BITS) -> np.ndarray:
    return rng.integers(0, 1 << bits, size=shape, endpoint=True, dtype=np.int64)


def _radii_not_halved(numerators: np.ndarray, bits: int) -> list[Fraction]:
    return [2 * r for r in _COVERAGE_RADII(numerators, bits)]


def _radius_not_halved(samples: Any) -> Fraction:
    return 2 * _COVERAGE_RADIUS(samples)


subset_sum = Theorem(
    id="arch.subset_sum",
    title="Random subset sums: n ≥ C ln(2/min(ε, δ)) Uniform[−1, 1] samples ε-cover [−1, 1] "
          "with probability ≥ 1 − δ",
    survey="§6.5 (pruning and the strong lottery ticket hypothesis)",
    source="Lueker (1998), Random Struct. Alg. 12; Pensia et al. (NeurIPS 2020) Lemma 1 / "
           "Cor. 3.3 as cited there; SOURCES T18",
    statement=sympy.And(sympy.Le(p_fail, delta), sympy.Ge(r_min, 2 ** (-n))),
    parameters=(n, eps, delta, C),
    quantities=(p_fail, r_min),
    mode="statistical",
    instances=_subset_problems("theorem"),
    measure=_subset_measure,
    premises=(*_UNIT, Premise("n ≥ C ln(2/min(ε, δ))", _enough)),
    proof=(
        Inequality("counting: 2^n sums whose r-neighbourhoods cover [−1, 1] (length 2) need "
                   "2^n·2r ≥ 2, i.e. r ≥ 2^(−n); so ε-coverage needs n ≥ log₂(1/ε). With C = 4 "
                   "the premise gives n ≥ 4 ln(2/ε) ≥ log₂(1/ε)",
                   sympy.log(1 / eps) / sympy.log(2), 4 * sympy.log(2 / eps),
                   {eps: sympy.Interval.open(0, 1)}),
    ),
    witnesses=(
        Witness("ε = δ = 1/16, n = ⌈4 ln 32⌉ = 14", _subset_instance(F(1, 16), F(1, 16), 14, 7),
                note="empirical failure ≈ 0.03 ≤ 1/16"),
        Witness("exact failure probability: n = 9 draws uniform on the grid k/4 of [−1, 1], "
                "ε = δ = 1/4; the Monte Carlo frequency must match P(fail) = 8018419/9^9 "
                "(two-sided)", _GRID, claim=sympy.Eq(p_fail, GRID_FAILURE),
                note="a tight companion: exhaustive enumeration of the 9^9 draws against the "
                     "frequency of the same sampler and coverage test"),
        Witness("samples −1, 1/2, …, 1/32: the sums are the multiples of 1/32 in [−1, 31/32], "
                "so the radius is exactly 1/32 (at z = 1)", _BINARY_SAMPLES,
                claim=sympy.Eq(r_min, F(1, 32))),
    ),
    mutants=(
        Mutant("half log2", "n = ⌈½ log₂(1/ε)⌉ samples suffice",
               instances=_subset_problems("half"), premises=_UNIT,
               extra_witnesses=(Witness("ε = 2^−20, n = 10", _subset_instance(
                   F(1, 2**20), F(1, 4), 10, 3)),)),
        Mutant("log log", "n = ⌈C ln ln(2/min(ε, δ))⌉ samples suffice (C = 4)",
               instances=_subset_problems("loglog"), premises=_UNIT,
               extra_witnesses=(Witness("ε = 2^−40, δ = 1/4, n = ⌈4 ln ln 2^41⌉ = 14",
                                        _subset_instance(F(1, 2**40), F(1, 4), 14, 5)),)),
        Mutant("C = 2", "the constant C = 2 suffices (statistical: exact coverage per trial)",
               instances=_subset_problems("C=2"), premises=_UNIT,
               extra_witnesses=(Witness("ε = δ = 1/16, n = ⌈2 ln 32⌉ = 7",
                                        _subset_instance(F(1, 16), F(1, 16), 7, 9, 2)),)),
        implementation_mutant(
            "coverage radius doubled", "a trial fails only when some z is farther than 2ε "
            "from every subset sum", patches={
                "verify.domain.architectures.subset_sum.coverage_failures":
                    _failures_at_double_radius,
                "theorems.arch.sparse.coverage_failures": _failures_at_double_radius}),
        implementation_mutant(
            "last term of each half dropped", "the half sums loop stops one term early (the "
            "sums of n − 2 samples)", patches={
                "verify.domain.architectures.subset_sum.half_sums": _half_sums_without_last}),
        implementation_mutant(
            "samples on [0, 1]", "the sampler draws k in [0, 2^bits] instead of "
            "[−2^bits, 2^bits]", patches={"theorems.arch.sparse.uniform_dyadic": _uniform_on_unit}),
        implementation_mutant(
            "radius not halved", "the coverage radius is read as the largest gap, not half of "
            "it", patches={"theorems.arch.sparse.coverage_radii": _radii_not_halved,
                           "theorems.arch.sparse.coverage_radius": _radius_not_halved}),
    ),
    notes="""C is an unspecified universal constant (SOURCES T18; Lueker's paper and Pensia et
al.'s Lemma 1 were not re-read here): this check is a PROBE of the statement with C = 4 (natural
log) chosen explicitly, the smallest integer a scan allowed (2000 trials each, ε = δ): C = 3
fails at ε = δ = 1/16 (failure ≈ 0.11), C = 4 gives ≈ 0.10, 0.04, 0.03, 0.004 at ε = δ = 1/4,
1/8, 1/16, 1/32, so its best ratio to δ is about 1/2 (n is an integer). Samples are uniform on
the dyadic grid k/2^52 of [−1, 1] (numpy's float64 uniform grid). Each trial's coverage is
decided exactly without sorting the 2^n sums: the line is cut into buckets of width 2ε, every
gap wider than 2ε lies between consecutive nonempty buckets, and each bucket's smallest and
largest sum come from binary searches of one sorted half of the sums against the other half
(``subset_sum.coverage_failures``). The failure frequency is judged by its Clopper–Pearson
test at level 0.9999 (family-wise); the instance grid ε, δ ∈ {1/4, …, 1/16} (1/32 at thorough)
has few points, so each is tried with a few seeds and its trials grow to the budget's
resolution. Tight companion: on the law uniform on the grid k/4 (n = 9, ε = δ = 1/4) the exact
failure probability 8018419/9^9 ≈ 0.0621 is known by exhaustive enumeration (an independent
pure-Python count, ``failure_probability``), and the measured frequency must match it
two-sidedly: a coverage test at 2ε or ε/2, a sampler off its range or a miscounted half all
move it. Exact part: r_min, the exact radius (all 2^n sums sorted) minimized over the first 8
trials, is ≥ 2^(−n) (counting); the explicit samples −1, 1/2, …, 1/32 pin a radius of exactly
1/32; when 2^(−n) > ε the counting lemma makes P(fail) = 1 exactly, which falsifies the
½·log₂ and log log mutants deterministically. The mutant "C = 2" is falsified statistically.""",
)

# --------------------------------------------------------------------------------------------
# arch.strong_lottery_ticket
# --------------------------------------------------------------------------------------------

C_LOTTERY = 15
"""The probe's constant in the width m ≥ C ln(2/min(ε, δ)); unspecified in the source."""
LOTTERY_TRIALS = (400, 800, 4000)
m = parameter("m", integer=True, positive=True)
lottery_fail = quantity("lottery_fail", latex=r"\mathbb{P}(\exists |w|\le1:\ \min_S"
                                              r"\sup_{|x|\le1}|wx-g_S(x)|>\varepsilon)")
err_w = quantity("err_w", latex=r"\sup_{|x|\le1}|wx-g_{S(w)}(x)|")
needed_width = quantity("width_needed", latex=r"m^*")


def _lottery_measure(instance: Instance, context: Context) -> dict[str, Any]:
    p, d = instance.params, instance.data
    e, width = p["epsilon"], p["m"]
    if "u" in d:  # an explicit network: decided exactly
        u, v = np.array(d["u"], dtype=np.int64), np.array(d["v"], dtype=np.int64)
        covered = covers_all(u[:width], v[:width], e)
        return {"lottery_fail": Exact(F(int(not covered))),
                "err_w": Exact(pruned_error(u[:width], v[:width], d["target"])),
                "width_needed": Exact(width_needed(u, v, e))}
    trials = context.samples(*LOTTERY_TRIALS)
    fails, pruned = 0, None
    for j in range(trials):
        u, v = random_net((d["seed"], j), width)
        if not covers_all(u, v, e):
            fails += 1
        elif pruned is None:
            pruned = (u, v)
    u, v = pruned if pruned is not None else random_net((d["seed"], 0), width)
    prefix = min(width_needed(u, v, e), width)  # the smallest covering prefix is pruned
    u, v = u[:prefix], v[:prefix]
    wide_u, wide_v = random_net((d["seed"], 0), max(width, 160))
    return {"lottery_fail": frequency(fails, trials, CONFIDENCE),
            "err_w": Exact(pruned_error(u, v, d["target"])),
            "width_needed": Exact(width_needed(wide_u, wide_v, e))}


def _lottery_instance(e: Fraction, d: Fraction, width: int, seed: int, target: Fraction,
                      **data: Any) -> Instance:
    return Instance({"m": width, "epsilon": e, "delta": d, "C": C_LOTTERY},
                    {"seed": seed, "target": target, **data})


_TARGETS = (F(1), F(-3, 8), F(5, 8), F(-1), F(1, 8), F(-7, 8), F(3, 8), F(-5, 8))
"""The target weight of an instance, by its seed (the extreme w = 1 first)."""


def _lottery_problems(rule: str) -> Any:
    @st.composite
    def draw_problem(draw: Any, budget: Budget) -> Instance:
        top = budget.pick(4, 4, 5)
        e = F(1, 2 ** draw(st.integers(2, top)))
        d = F(1, 2 ** draw(st.integers(2, top)))
        width = {"theorem": _needed(C_LOTTERY, e, d), "one": 1,
                 "counting": int(sympy.ceiling(sympy.log(1 / e, 2)))}[rule]
        seed = draw(_small_seeds(budget))
        return _lottery_instance(e, d, width, seed, _TARGETS[seed % len(_TARGETS)])
    return draw_problem


def _binary_witness(k: int) -> Instance:
    u, v = binary_net(k, finer=1)
    return _lottery_instance(F(1, 2**k), F(1, 4), len(u), 0, F(1), u=u.tolist(), v=v.tolist())


def _random_or_wide_enough(i: Instance) -> bool:
    return "u" in i.data or i.params["m"] >= _needed(i.params["C"], i.params["epsilon"],
                                                     i.params["delta"])


_BEST_SUBSET = subset_sum_module.best_subset
_COVERS_ALL = covers_all


def _covers_at_double_radius(u: np.ndarray, v: np.ndarray, e: Fraction) -> bool:
    return _COVERS_ALL(u, v, 2 * e)


def _nearest_to_half_target(samples: Any, target: Fraction) -> Any:
    return _BEST_SUBSET(samples, Fraction(target) / 2)


def _weights_on_unit(seed: Any, width: int) -> tuple[np.ndarray, np.ndarray]:
    pairs = np.random.default_rng(seed).integers(0, 1 << LOTTERY_BITS, size=(width, 2),
                                                 endpoint=True)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


strong_lottery_ticket = Theorem(
    id="arch.strong_lottery_ticket",
    title="Strong lottery ticket: pruning a random net of logarithmic width ε-approximates "
          "every target weight with probability ≥ 1 − δ",
    survey="§6.5 (pruning and the strong lottery ticket hypothesis)",
    source="Malach et al. (ICML 2020) Thm 2.1; Pensia et al. (NeurIPS 2020) Thm 1; SOURCES T18",
    statement=sympy.And(sympy.Le(lottery_fail, delta), sympy.Le(err_w, eps),
                        sympy.Ge(needed_width, 2 * sympy.log(1 / eps, 2))),
    parameters=(m, eps, delta, C),
    quantities=(lottery_fail, err_w, needed_width),
    mode="statistical",
    instances=_lottery_problems("theorem"),
    measure=_lottery_measure,
    premises=(Premise("random weights: m ≥ C ln(2/min(ε, δ)) (an explicit network needs none)",
                      _random_or_wide_enough),),
    witnesses=(
        Witness("explicit net, products −1, 1/2, …, 1/16 on the side u < 0 and down to 1/32 "
                "on the side u > 0 (width 11), ε = 1/16, target w = 1: the nearest subset sums "
                "are 15/16 and 31/32, so the pruned error is exactly ε (from x < 0); the "
                "smallest covering prefix is the first 10 neurons", _binary_witness(4),
                attains=True, claim=sympy.And(sympy.Eq(needed_width, 10),
                                              sympy.Eq(err_w, F(1, 16)))),
    ),
    mutants=(
        Mutant("width 1", "one random hidden neuron suffices",
               instances=_lottery_problems("one"), premises=()),
        Mutant("below counting", "width ⌈log₂(1/ε)⌉ (half the counting bound) suffices",
               instances=_lottery_problems("counting"), premises=()),
        implementation_mutant(
            "coverage at 2ε", "the coverage test of every target uses radius 2ε",
            patches={"verify.domain.architectures.lottery.covers_all": _covers_at_double_radius,
                     "theorems.arch.sparse.covers_all": _covers_at_double_radius}),
        implementation_mutant(
            "pruned for w/2", "the subset sum nearest w/2 is kept (a factor 2 in the target)",
            patches={"verify.domain.architectures.lottery.best_subset":
                     _nearest_to_half_target}),
        implementation_mutant(
            "weights on [0, 1]", "the random weights are drawn from [0, 1] instead of [−1, 1]",
            patches={"theorems.arch.sparse.random_net": _weights_on_unit}),
    ),
    partial="one target weight (f(x) = w x on [−1, 1]) in a one-hidden-layer random ReLU "
            "network; the theorem's constants are unspecified (probe C = 15)",
    notes="""Pensia et al.'s building block: a target weight w (|w| ≤ 1, x ∈ [−1, 1]) and a
random network g(x) = Σ_{i≤m} v_i σ(u_i x) with u_i, v_i uniform on the dyadic grid k/2^20 of
[−1, 1]. Pruning neurons gives g_S(x) = x Σ_{S,u>0} u_i v_i (x ≥ 0) and x Σ_{S,u<0} u_i v_i
(x < 0), so approximating every |w| ≤ 1 is exactly subset-sum coverage of [−1, 1] by the
products on each side (decided exactly by merged intervals). Measured: lottery_fail, the
frequency over independent width-m nets that some |w| ≤ 1 is not ε-approximated by any pruning
(Clopper–Pearson, level 0.9999, family-wise); err_w, the exact sup error of the first covering
net (its smallest covering prefix) pruned for the instance's target w (nearest subset sum per
side over all its neurons, exact meet in the middle, then the pruned network evaluated exactly
at x = ±1), which coverage makes ≤ ε for every w; width_needed, the
smallest prefix width of one net covering every target, which must be ≥ 2 log₂(1/ε) (counting
on each side). The width C·ln(2/min(ε, δ)) has an unspecified C: this is a probe, C = 15 the
smallest integer a scan allowed. The scan (3000 nets per ε, widths needed: quantiles 0.5/0.75/
0.875/0.9375 = 25/32/37/42 at ε = 1/4, 28/35/40/45 at 1/8, 29/36/42/47 at 1/16) gave, at ε = δ,
failure 0.29 > 1/4 and 0.14 > 1/8 for C = 14 (widths 30, 39), and for C = 15 (widths 32, 42,
52) failure 0.23, 0.09, 0.03 at ε = δ = 1/4, 1/8, 1/16: the probe width sits at the (1 − δ)
quantile of the width needed, not a multiple of it (the earlier probe δ = 2^−10, C = 10 asked
77 neurons against a median need of 25–30), and the worst ratio to δ is about 0.9. The needed
width grows slowly with log(1/ε) (products u·v concentrate near 0, so the constant is large).
Tight companion: an explicit network whose products on one side are −1, 1/2, …, 2^−k has
subset sums on the lattice 2^−k·Z ∩ [−1, 1 − 2^−k]: for w = 1 the pruned error is exactly
ε = 2^−k (the bound attained) and the smallest covering width is exactly 2k + 2; the other
side goes one product finer, so an error read from the wrong side shows. Premise: the
width condition applies to random weights; an explicit network carries none (its conclusion is
deterministic). Not checked: the multi-layer theorem, the constants, and Malach et al.'s
polynomial width.""",
)

# --------------------------------------------------------------------------------------------
# arch.rnn_stack
# --------------------------------------------------------------------------------------------

depth = parameter("T", integer=True, nonnegative=True)
mismatches = quantity("mismatches")
final_state = quantity("final_state", latex=r"q_T")


def _stack_problems(budget: Budget) -> Any:
    ops = st.lists(st.sampled_from(OPS), max_size=budget.pick(30, 60, 120))
    return ops.map(lambda o: Instance({"T": len(o)}, {"ops": tuple(o)}))


def _stack_measure(base: int) -> Any:
    def measure(instance: Instance, context: Context) -> dict[str, Exact]:
        rnn, ops = stack_rnn(base), instance.data["ops"]
        states = run_exact(rnn, [F(0)], [op_input(o) for o in ops])
        return {"mismatches": Exact(stack_mismatches(rnn, ops, base)),
                "final_state": Exact(states[-1][0][0] if states else F(0))}
    return measure


_STACK_RNN = stack_rnn


def _rnn_push_scale_doubled(base: int = 4) -> SaturatedRNN:
    """The stack RNN with the push branches scaled by 2q instead of q/4·4 (rows 2, 3 of the
    first layer doubled)."""
    rnn = _STACK_RNN(base)
    (w, u, b), *rest = rnn.layers
    w = tuple(tuple(2 * x for x in row) if i in (2, 3) else row for i, row in enumerate(w))
    return SaturatedRNN(((w, u, b), *rest), rnn.readout)


def _rnn_top_offset(base: int = 4) -> SaturatedRNN:
    """The stack RNN reading the top inside the step as σ(4q − 1) instead of σ(4q − 2)."""
    rnn = _STACK_RNN(base)
    (w, u, b), *rest = rnn.layers
    return SaturatedRNN(((w, u, (b[0], b[1] + 1, *b[2:])), *rest), rnn.readout)


def _ops_instance(*ops: str) -> Instance:
    return Instance({"T": len(ops)}, {"ops": ops})


rnn_stack = Theorem(
    id="arch.rnn_stack",
    title="A saturated-linear RNN stores a stack in one neuron (base-4 Cantor code) and performs "
          "push, pop and top exactly",
    survey="§6.6 (RNNs are Turing complete)",
    source="Siegelmann & Sontag (1995), J. Comput. Syst. Sci. 50",
    statement=sympy.Eq(mismatches, 0),
    parameters=(depth,),
    quantities=(mismatches, final_state),
    mode="exact",
    instances=_stack_problems,
    measure=_stack_measure(4),
    witnesses=(
        Witness("push 1, push 0, pop, pop, pop (pop on empty)", _ops_instance(
            "push1", "push0", "pop", "pop", "pop", "read"), claim=sympy.Eq(final_state, 0)),
        Witness("push 1, push 0, push 1: q = 3/4, then 3/16 + 1/4 = 7/16, then 7/64 + 3/4 = "
                "55/64 (the Cantor code 0.313 in base 4, by hand)",
                _ops_instance("push1", "push0", "push1"),
                claim=sympy.Eq(final_state, F(55, 64))),
    ),
    mutants=(
        Mutant("base 2", "base-2 coding: push b: q/2 + b/2, top σ(2q − 1), pop 2q − top",
               measure=_stack_measure(2), kind="statement",
               extra_witnesses=(Witness("push 1: q = 1/2, top = σ(0) = 0 ≠ 1",
                                        _ops_instance("push1")),)),
        implementation_mutant(
            "push scale doubled", "the push branches compute q/2 instead of q/4 (the first "
            "layer's push rows doubled)",
            patches={"theorems.arch.sparse.stack_rnn": _rnn_push_scale_doubled}),
        implementation_mutant(
            "top threshold off by one", "the step reads the top as σ(4q − 1)",
            patches={"theorems.arch.sparse.stack_rnn": _rnn_top_offset}),
        implementation_mutant(
            "σ without its lower clamp", "the activation is min(t, 1): gated-off branches "
            "pass negative values", patches={
                "verify.domain.architectures.recurrent.sat": lambda t: min(t, F(1))}),
    ),
    notes="""Each step is three affine+σ layers (σ the saturated-linear activation) on the state
q and the one-hot input (push0, push1, pop): layer 1 computes q, top = σ(4q − 2) and the gated
push branches, layer 2 the gated pop σ(4q − 1 − 2·top), layer 3 their sum (a single-layer RNN
running three ticks per symbol is equivalent, as in Siegelmann–Sontag's pipelining). Measured in
Fractions on hypothesis-drawn operation sequences against a Python list: a mismatch is a step
whose state differs from the Cantor code of the list or whose readout (top, nonempty) =
(σ(4q − 2), σ(4q)) differs. Pop on an empty stack leaves it empty (σ(−1) = 0). The base-2
mutant fails exactly: after push 1, q = 1/2 and σ(2q − 1) = 0; also push 0 onto the empty stack
leaves q = 0, indistinguishable from empty: without the gaps of the Cantor set a saturated-linear
neuron cannot read the top bit. Pinned by hand: after push 1, push 0, push 1 the state is the
Cantor code 55/64 (a tight companion for the RNN itself, independent of ``encode_stack``).""",
)
