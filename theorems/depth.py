"""Section 3 of the survey: the role of depth in the expressivity of neural networks.

Sources confirmed for this module (see each theorem's ``notes``):
- Telgarsky (2016), arXiv:1602.04485v2: read in the paper (Thm 1.1, Lemma 3.3, Cor. 3.14,
  Lemma 3.16); Cr(f^k) = 2^k + 1 is Corollary 3.14 (t = 1), not Lemma 3.17.
- Serra, Tjandraatmadja, Ramalingam (2018): Thm 1 read in the ICLR-2018 draft of the paper; it
  counts activation regions of ReLU networks; for one input the maximum Π(n_l + 1) (all n_l ≥ 3)
  is stated there (proof in an appendix that was not available).
- Yarotsky (2017), Prop. 2/3, Montúfar et al. (2014), Eldan & Shamir (2016): the papers were not
  available; secondary write-ups agree with the statements used. The Yarotsky errors are proved
  here anyway: the sup error is computed exactly and the proof steps are checked by sympy.
"""

from __future__ import annotations

from fractions import Fraction

import flint
import sympy
import torch
from hypothesis import strategies as st

from verify import (
    Budget,
    Context,
    Extremum,
    Identity,
    Inequality,
    Instance,
    Mutant,
    Premise,
    Recurrence,
    Theorem,
    Witness,
    implementation_mutant,
    parameter,
    parameter_sequence,
    quantity,
)
from verify.domain.networks import arrangements, constructions, exact
from verify.domain.networks.arrangements import one_layer_regions
from verify.domain.networks.constructions import (
    max_pieces_network,
    moment_curve_layer,
    montufar_network,
    one_layer_general_position,
    triangle_power,
    yarotsky_product,
    yarotsky_square,
    yarotsky_square_chains,
)
from verify.domain.networks.ensembles import Ensemble
from verify.domain.networks.exact import (
    ExactNetwork,
    PiecewiseAffine,
    crossing_number,
    integral_abs_difference,
    linear_regions_2d,
    realize_1d,
    region_count_2d,
    sup_abs_difference,
)
from verify.domain.networks.region_bounds import MontufarBound, SerraBound
from verify.domain.networks.regions2d import plane_region_count, sup_product_error
from verify.domain.networks.separation import radial_network, shallow_g
from verify.domain.networks.strategies import dyadic, exact_networks, hidden_widths, seeds

F = Fraction
m = parameter("m", integer=True, positive=True)
k = parameter("k", integer=True, positive=True)
d = parameter("d", integer=True, positive=True)
n = parameter("n", integer=True, positive=True)
h = parameter("h", positive=True)
L = parameter("L", integer=True, positive=True)
widths = parameter_sequence("n")
l_ = sympy.Symbol("l", integer=True, positive=True)
t_ = sympy.Symbol("t", real=True)


def _scaled_weight(net: ExactNetwork, layer: int, row: int, factor: Fraction,
                   column: int | None = None) -> ExactNetwork:
    """``net`` with one weight (or a whole row, or with column None the row's bias too) of one
    layer multiplied by ``factor``: how the implementation mutants plant a dropped factor."""
    layers = [([list(r) for r in w], list(b)) for w, b in net.layers]
    weight, bias = layers[layer]
    columns = range(len(weight[row])) if column is None else (column,)
    for c in columns:
        weight[row][c] *= factor
    if column is None:
        bias[row] *= factor
    return ExactNetwork.from_lists(layers)


# --------------------------------------------------------------------------------------------
# depth.yarotsky_square
# --------------------------------------------------------------------------------------------

sup_error = quantity("sup_error", latex=r"\sup_{x\in[0,1]}|x^2 - f_m(x)|")


def _square_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    return st.integers(1, budget.pick(7, 10, 13)).map(lambda v: Instance({"m": v}))


def _square_measure(instance: Instance, context: Context) -> object:
    """The exact sup error of the width-3 network on [0, 1] (pieces and vertex of each parabola)."""
    f = realize_1d(yarotsky_square(instance.params["m"]), F(0), F(1))
    value, _ = sup_abs_difference(f, [F(0), F(0), F(1)])
    return value


def _sup_at_breaks(f: PiecewiseAffine, poly: list[object]) -> tuple[Fraction, Fraction]:
    """Mutant helper: max |p − f| over the breaks of f only (vertices of p − f forgotten)."""
    coefficients = [Fraction(str(c)) for c in poly]

    def error(x: Fraction) -> Fraction:
        return abs(sum(c * x**i for i, c in enumerate(coefficients)) - f(x))

    return max((error(x), x) for x in f.breaks if x is not None)


def _square_last_correction_halved(v: int) -> ExactNetwork:
    """Mutant helper: f_m with the last hat's output weights (on ρ(g), ρ(g − 1/2)) halved."""
    net = constructions.yarotsky_square(v)
    for column in (0, 1):
        net = _scaled_weight(net, len(net.layers) - 1, 0, F(1, 2), column)
    return net


yarotsky_square_theorem = Theorem(
    id="depth.yarotsky_square",
    title="Deep ReLU networks approximate x² with error 2^(−2m−2) at depth O(m)",
    survey="§3.1 (approximation of radial functions; squares and products)",
    source="Yarotsky (2017), Error bounds for approximations with deep ReLU networks, Prop. 2",
    statement=sympy.Eq(sup_error, 2 ** (-2 * m - 2)),
    parameters=(m,),
    quantities=(sup_error,),
    mode="exact",
    sharp=True,
    instances=_square_instances,
    measure=_square_measure,
    proof=(
        Extremum("on a cell [a, a + h] the interpolant minus the square is h² t(1 − t), "
                 "whose maximum over t ∈ [0, 1] is h²/4",
                 (sympy.Symbol("h", positive=True) ** 2) * t_ * (1 - t_), t_,
                 sympy.Interval(0, 1), sympy.Symbol("h", positive=True) ** 2 / 4),
        Identity("with h = 2^(−m) the maximum is 2^(−2m−2)", (2 ** (-m)) ** 2 / 4,
                 2 ** (-2 * m - 2)),
        Identity("interpolant minus square on [a, a+h] at a + th equals h² t(1 − t)",
                 (sympy.Symbol("a") ** 2 * (1 - t_) + (sympy.Symbol("a") + h) ** 2 * t_)
                 - (sympy.Symbol("a") + t_ * h) ** 2, h**2 * t_ * (1 - t_)),
    ),
    witnesses=(Witness("m = 4: attained at the midpoints (2k + 1)/2^5", Instance({"m": 4}),
                       attains=True),),
    mutants=(
        Mutant("bound halved", "sup error ≤ 2^(−2m−3)",
               statement=sympy.Le(sup_error, 2 ** (-2 * m - 3))),
        Mutant("one level too fine", "sup error ≤ 2^(−2(m+1)−2)",
               statement=sympy.Le(sup_error, 2 ** (-2 * (m + 1) - 2))),
        implementation_mutant(
            "parabola vertex skipped", "the sup of |x² − f_m| taken over the breakpoints only "
            "(where the error is 0)",
            patches={"theorems.depth.sup_abs_difference": _sup_at_breaks}),
        implementation_mutant(
            "last correction halved", "the output weights of g_m carry 1/(2·4^m) instead of "
            "1/4^m (a dropped factor 2)",
            patches={"theorems.depth.yarotsky_square": _square_last_correction_halved}),
        implementation_mutant(
            "one level too few", "the loop over s stops at m − 1",
            patches={"theorems.depth.yarotsky_square":
                     lambda v: constructions.yarotsky_square(max(v - 1, 1))}),
    ),
    notes="""f_m(x) = x − Σ_{s≤m} g_s(x)/4^s with the hat function g; realized here by m hidden
layers of width 3, (ρ(g_{s−1}), ρ(g_{s−1} − 1/2), ρ(f_{s−1})). The statement (interpolant of x²
at k/2^m, sup error 2^(−2m−2)) agrees with secondary derivations of Yarotsky's Prop. 2; the paper
itself was not available. The error is computed exactly from the network's pieces, so the
equality is proved for every m checked.""",
)


# --------------------------------------------------------------------------------------------
# depth.yarotsky_multiply
# --------------------------------------------------------------------------------------------

product_error = quantity("product_error", latex=r"\sup_{x,y\in[0,1]}|xy - \Phi_m(x,y)|")


def _product_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    return st.integers(1, budget.pick(3, 4, 5)).map(lambda v: Instance({"m": v}))


def _product_measure(instance: Instance, context: Context) -> object:
    return sup_product_error(yarotsky_product(instance.params["m"]))


def _product_error_at_vertices(net: ExactNetwork) -> Fraction:
    """Mutant helper: max |xy − Φ| over the vertices of Φ's regions in [0, 1]² only."""
    return max(abs(p[0] * p[1] - net(p)[0])
               for region in linear_regions_2d(net, (F(0), F(1), F(0), F(1)))
               for p in region.vertices)


def _product_without_factor_two(v: int) -> ExactNetwork:
    """Mutant helper: the polarization with output weights (1, −1, −1) instead of (2, −2, −2)."""
    half = F(1, 2)
    return yarotsky_square_chains([[half, half], [half, F(0)], [F(0), half]], v,
                                  [F(1), F(-1), F(-1)])


e1, e2, e3, delta, u_, v_, w_ = sympy.symbols("e_1 e_2 e_3 delta u v w", nonnegative=True)
x_, y_ = sympy.symbols("x y", real=True)

yarotsky_multiply = Theorem(
    id="depth.yarotsky_multiply",
    title="Multiplication by polarization of squares: error 2^(−2m) on [0, 1]²",
    survey="§3.1 (multiplication from squares, used for polynomials and radial functions)",
    source="Yarotsky (2017), Prop. 3 (polarization construction)",
    statement=sympy.Le(product_error, 2 ** (-2 * m)),
    parameters=(m,),
    quantities=(product_error,),
    mode="certified",
    sharp=True,
    instances=_product_instances,
    measure=_product_measure,
    proof=(
        Identity("polarization: xy = 2(((x+y)/2)² − (x/2)² − (y/2)²)",
                 x_ * y_, 2 * (((x_ + y_) / 2) ** 2 - (x_ / 2) ** 2 - (y_ / 2) ** 2)),
        Inequality("with e_1 ≥ 0 and e_2 = δ − u, e_3 = δ − v ≤ δ: 2(e_1 − e_2 − e_3) ≥ −4δ",
                   -4 * delta, 2 * (e1 - (delta - u_) - (delta - v_))),
        Inequality("with e_1 = δ − w ≤ δ and e_2, e_3 ≥ 0: 2(e_1 − e_2 − e_3) ≤ 2δ",
                   2 * ((delta - w_) - e2 - e3), 2 * delta),
        Identity("4δ with δ = 2^(−2m−2) is 2^(−2m)", 4 * 2 ** (-2 * m - 2), 2 ** (-2 * m)),
    ),
    witnesses=tuple(
        Witness(f"m = {v}: attained at x = y = (2k + 1)/2^m", Instance({"m": v}), attains=True,
                claim=sympy.Eq(product_error, 2 ** (-2 * m)),
                note="the claim pins the sup (a measure that undercounts it fails here)")
        for v in (2, 3)),
    mutants=(
        Mutant("bound halved", "product error ≤ 2^(−2m−1)",
               statement=sympy.Le(product_error, 2 ** (-2 * m - 1))),
        implementation_mutant(
            "edges not searched", "the sup of |xy − Φ_m| taken at the region vertices only (the "
            "maximum on an edge's interior forgotten)",
            patches={"theorems.depth.sup_product_error": _product_error_at_vertices}),
        implementation_mutant(
            "polarization factor 2 dropped", "Φ_m = f_m((x+y)/2) − f_m(x/2) − f_m(y/2)",
            patches={"theorems.depth.yarotsky_product": _product_without_factor_two}),
    ),
    notes="""Φ_m(x, y) = 2(f_m((x+y)/2) − f_m(x/2) − f_m(y/2)), three width-3 Yarotsky chains in
parallel (width 9, depth m + 1). The sup over the square is computed exactly: the activation
regions of Φ_m are enumerated in rationals and xy − Φ_m is maximized on every edge. SOURCES
(T1b) records that Yarotsky's own normalization (2M²[f(|x+y|/2M) − …]) and his 6M²δ bound
could not be confirmed; the catalog's [0, 1] form is encoded, and its bound 4δ = 2^(−2m) is
attained, so it is the sharp constant for this construction.""",
)


# --------------------------------------------------------------------------------------------
# depth.pieces_upper_bound
# --------------------------------------------------------------------------------------------

pieces = quantity("pieces", latex=r"\#\mathrm{pieces}(\Phi)")
crossings = quantity("crossings", latex=r"\mathrm{Cr}(\Phi)")
neurons = sympy.Sum(widths[l_], (l_, 1, L))
product_bound = sympy.Product(widths[l_] + 1, (l_, 1, L))


def _pieces_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    widths_st = hidden_widths((1, budget.pick(3, 4, 5)), (1, budget.pick(4, 6, 8)))

    def with_net(ws: tuple[int, ...]) -> st.SearchStrategy[Instance]:
        arch = (1, *ws, 1)
        small = exact_networks(arch)
        seeded = seeds().map(lambda s: _seeded_exact(arch, s))
        return st.one_of(small, seeded).map(
            lambda net: Instance({"L": len(ws), "n": ws}, {"net": net}))

    return widths_st.flatmap(with_net)


def _seeded_exact(arch: tuple[int, ...], seed: int) -> ExactNetwork:
    from verify.domain.networks.ensembles import random_ensemble

    return random_ensemble(arch, 1, seed=seed).to_exact(0)


def _pieces_measure(instance: Instance, context: Context) -> dict[str, object]:
    f = realize_1d(instance.data["net"])
    return {"pieces": f.piece_count(), "crossings": crossing_number(f)}


def _max_pieces(ws: tuple[int, ...]) -> Instance:
    return Instance({"L": len(ws), "n": ws}, {"net": max_pieces_network(ws)},
                    label="zig-zag construction")


def _pieces_extremes(budget: Budget) -> list[Instance]:
    """The zig-zag constructions (exactly Π(n_l + 1) pieces) at the search's largest sizes."""
    depth_max, width_max = budget.pick(3, 4, 5), budget.pick(4, 6, 8)
    shapes = {(3,) * depth_max, (width_max,) * budget.pick(2, 3, 3),
              tuple(3 + (i % (width_max - 2)) for i in range(depth_max)), (width_max,)}
    return [_max_pieces(ws) for ws in sorted(shapes)]


_ZIGZAG_CLAIM = sympy.And(sympy.Eq(pieces, product_bound), sympy.Eq(crossings, product_bound + 1))
"""Every piece of a zig-zag network crosses the level 1/2 once (the bounded ones run from 0 to 1,
the two unbounded ones are monotone through it): Π(n_l + 1) pieces, Π(n_l + 1) + 1 intervals."""


def _piece_count_one_short(self: PiecewiseAffine) -> int:
    """Mutant helper: the number of breakpoints reported as the number of pieces."""
    return len(self.merged().slopes) - 1


def _crossings_without_the_first(f: PiecewiseAffine, level: object = F(1, 2)) -> int:
    """Mutant helper: the changes of 1[f ≥ level] counted, not the intervals (no + 1)."""
    return exact.crossing_number(f, level) - 1


pieces_upper_bound = Theorem(
    id="depth.pieces_upper_bound",
    title="A ReLU network R → R with hidden widths n_1..n_L has at most Π(n_l + 1) pieces",
    survey="§3.2 (deep ReLU networks have many linear pieces)",
    source="Telgarsky (2016), Lemma 3.3; Montúfar et al. (2014); Serra et al. (2018) for "
           "the maximum Π(n_l + 1)",
    statement=sympy.And(
        sympy.Le(pieces, product_bound),
        sympy.Le(pieces, (neurons / L + 1) ** L),
        sympy.Le(crossings, 2 * (2 * (neurons + 1) / (L + 1)) ** (L + 1)),
    ),
    parameters=(L, widths),
    quantities=(pieces, crossings),
    mode="exact",
    sharp=True,
    instances=_pieces_instances,
    measure=_pieces_measure,
    premises=(Premise("input and output dimension 1",
                      lambda i: i.data["net"].widths[0] == 1 and i.data["net"].widths[-1] == 1),
              Premise("hidden widths match n", lambda i: i.data["net"].widths[1:-1]
                      == tuple(i.params["n"])),),
    proof=(
        Inequality("AM–GM for two layers: (a + 1)(b + 1) ≤ ((a + b)/2 + 1)²",
                   (sympy.Symbol("a", nonnegative=True) + 1)
                   * (sympy.Symbol("b", nonnegative=True) + 1),
                   ((sympy.Symbol("a", nonnegative=True) + sympy.Symbol("b", nonnegative=True))
                    / 2 + 1) ** 2),
        Inequality("AM–GM for L layers: Π(n_l + 1) ≤ (N/L + 1)^L",
                   product_bound, (neurons / L + 1) ** L),
        Recurrence("a layer of width n multiplies the piece count by at most n + 1: "
                   "P_L = (n + 1)^L for equal widths",
                   sympy.Function("P")(L + 1) - (n + 1) * sympy.Function("P")(L),
                   sympy.Function("P")(L), {sympy.Function("P")(0): 1}, (n + 1) ** L),
    ),
    witnesses=(
        Witness("zig-zag network (3, 3, 3): Π(n_l + 1) = 64 pieces", _max_pieces((3, 3, 3)),
                attains=True, claim=_ZIGZAG_CLAIM),
        Witness("zig-zag network (4, 5): 30 pieces", _max_pieces((4, 5)), attains=True,
                claim=_ZIGZAG_CLAIM),
        Witness("one hidden layer of 6: 7 pieces", _max_pieces((6,)), attains=True,
                claim=_ZIGZAG_CLAIM),
    ),
    extremes=_pieces_extremes,
    mutants=(
        Mutant("one piece fewer", "pieces ≤ Π(n_l + 1) − 1",
               statement=sympy.Le(pieces, product_bound - 1)),
        Mutant("product of widths", "pieces ≤ Π n_l",
               statement=sympy.Le(pieces, sympy.Product(widths[l_], (l_, 1, L)))),
        implementation_mutant(
            "piece count one short", "PiecewiseAffine.piece_count returns the number of "
            "breakpoints", patches={
                "verify.domain.networks.exact.PiecewiseAffine.piece_count":
                    _piece_count_one_short}),
        implementation_mutant(
            "crossings without + 1", "Cr counts the changes of 1[f ≥ 1/2], not the intervals",
            patches={"theorems.depth.crossing_number": _crossings_without_the_first}),
        implementation_mutant(
            "pieces doubled", "every break counted from both sides (pieces × 2)",
            patches={"verify.domain.networks.exact.PiecewiseAffine.piece_count":
                     lambda self: 2 * len(self.merged().slopes)}),
    ),
    notes="""Pieces are counted exactly on all of R (breakpoints propagated layer by layer in
rationals). The witness is a zig-zag construction derived here: every layer's zig-zag maps each
piece of the previous one onto [0, 1] with n_l + 1 alternating pieces (n_l ≥ 3), so the count
is exactly Π(n_l + 1), the maximum Serra et al. (2018) state for one input. The third relation is
Telgarsky's Lemma 3.3 for ReLU gates, Cr ≤ 2(2m/l)^l with m the total number of nodes and l the
number of layers, read with the linear output node counted (m = N + 1, l = L + 1). The general
AM–GM step is beyond sympy and stays unchecked; the two-layer case is checked. Telgarsky's
crossing bound is loose (ratio ≤ 0.25 here); its companion is the witnesses' claim Cr = Π + 1
(each zig-zag piece crosses the level 1/2 exactly once), which with pieces = Π pins both counts:
a count one short (the number of breakpoints) or a crossing number without its + 1 fails there.
The zig-zag constructions at the search's largest sizes are tried as extremes at every budget.""",
)


# --------------------------------------------------------------------------------------------
# depth.sawtooth_separation
# --------------------------------------------------------------------------------------------

saw_pieces = quantity("saw_pieces", latex=r"\#\mathrm{pieces}(f^k)")
saw_crossings = quantity("saw_crossings", latex=r"\mathrm{Cr}(f^k)")
l1_error = quantity("l1_error", latex=r"\int_0^1 |f^k - g|")
g_crossings = quantity("g_crossings", latex=r"\mathrm{Cr}(g)")


def _sawtooth_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    def build(K: int) -> st.SearchStrategy[Instance]:
        inner = st.lists(dyadic(F(1, 64), F(63, 64), 10), min_size=0, max_size=2 ** (K - 1),
                         unique=True)
        return st.tuples(inner, st.sampled_from(["random", "fit"])).flatmap(
            lambda pair: st.lists(dyadic(0, 1, 6), min_size=len(pair[0]) + 2,
                                  max_size=len(pair[0]) + 2).map(
                lambda vals: Instance({"k": K}, {
                    "g_kind": pair[1],
                    "nodes": tuple([F(0), *sorted(pair[0]), F(1)]),
                    "values": tuple(vals)})))

    return st.integers(1, budget.pick(6, 8, 10)).flatmap(build)


def _sawtooth_measure(instance: Instance, context: Context) -> dict[str, object]:
    K = instance.params["k"]
    f = realize_1d(triangle_power(K), F(0), F(1))
    g = shallow_g(instance.data["g_kind"], list(instance.data["nodes"]),
                  list(instance.data["values"]), K)
    return {"saw_pieces": f.piece_count(), "saw_crossings": crossing_number(f),
            "l1_error": integral_abs_difference(f, g), "g_crossings": crossing_number(g)}


_half = Instance({"k": 5}, {"g_kind": "random", "nodes": (F(0), F(1)),
                            "values": (F(1, 2), F(1, 2))}, label="g ≡ 1/2")
_zero = Instance({"k": 3}, {"g_kind": "random", "nodes": (F(0), F(1)), "values": (F(0), F(0))},
                label="g ≡ 0")
_hat = Instance({"k": 2}, {"g_kind": "random", "nodes": (F(0), F(1, 2), F(1)),
                           "values": (F(0), F(1), F(0))}, label="g = the triangle map")


def _abs_of_integral(slope: Fraction, intercept: Fraction, a: Fraction, b: Fraction
                     ) -> Fraction:
    """Mutant helper: |∫_a^b (s x + c)| in place of ∫_a^b |s x + c|."""
    return abs(slope * (a + b) / 2 + intercept) * (b - a)


def _triangle_power_halved(v: int) -> ExactNetwork:
    """Mutant helper: every hidden layer after the first with weights (1, −2), not (2, −4)."""
    net = constructions.triangle_power(v)
    for layer in range(1, len(net.layers)):
        for row in range(len(net.layers[layer][0])):
            net = _scaled_weight(net, layer, row, F(1, 2), 0)
            net = _scaled_weight(net, layer, row, F(1, 2), 1)
    return net


sawtooth_separation = Theorem(
    id="depth.sawtooth_separation",
    title="The k-fold triangle map has 2^k pieces; shallow functions with few crossings "
          "stay far from it in L¹",
    survey="§3.2 (depth separation)",
    source="Telgarsky (2016), Benefits of depth in neural networks, Thm 1.1, Cor. 3.14, "
           "Lemma 3.16",
    statement=sympy.And(
        sympy.Eq(saw_pieces, 2**k),
        sympy.Eq(saw_crossings, 2**k + 1),
        sympy.Ge(l1_error, (1 - 2 * g_crossings / (2**k + 1)) / 32),
    ),
    parameters=(k,),
    quantities=(saw_pieces, saw_crossings, l1_error, g_crossings),
    mode="exact",
    sharp=True,
    instances=_sawtooth_instances,
    measure=_sawtooth_measure,
    proof=(
        Recurrence("composing with the triangle map doubles the pieces: p_{k+1} = 2 p_k, "
                   "p_1 = 2", sympy.Function("p")(k + 1) - 2 * sympy.Function("p")(k),
                   sympy.Function("p")(k), {sympy.Function("p")(1): 2}, 2**k),
        Recurrence("each new tooth adds one crossing interval per piece: c_{k+1} = 2 c_k − 1, "
                   "c_1 = 3", sympy.Function("c")(k + 1) - 2 * sympy.Function("c")(k) + 1,
                   sympy.Function("c")(k), {sympy.Function("c")(1): 3}, 2**k + 1),
    ),
    witnesses=(
        Witness("k = 5 against g ≡ 1/2 (Cr(g) = 1)", _half, attains=True,
                claim=sympy.And(sympy.Eq(l1_error, sympy.Rational(1, 4)),
                                sympy.Eq(g_crossings, 1)),
                note="every tooth of f^k has |f^k − 1/2| of mean 1/4: the claim pins the L¹ "
                     "distance that the loose bound leaves free"),
        Witness("k = 3 against g ≡ 0", _zero, claim=sympy.And(
            sympy.Eq(l1_error, sympy.Rational(1, 2)), sympy.Eq(g_crossings, 1)),
            note="∫ f^k = 1/2 (2^k triangles of height 1 and width 2^(−k))"),
        Witness("k = 2 against the interpolant of f at 0, 1/2, 1", _hat, claim=sympy.And(
            sympy.Eq(l1_error, sympy.Rational(1, 3)), sympy.Eq(g_crossings, 3)),
            note="g = f: on [0, 1/2] |f²(x) − f(x)| = |f(2x) − 2x|, whose integral is half of "
                 "∫_0^1 |f(u) − u| = 1/8 + 1/24 + 1/6 = 1/3; by symmetry the total is 1/3"),
    ),
    mutants=(
        Mutant("half the pieces", "f^k has 2^(k−1) pieces",
               statement=sympy.Eq(saw_pieces, 2 ** (k - 1))),
        Mutant("one crossing fewer", "Cr(f^k) = 2^k", statement=sympy.Eq(saw_crossings, 2**k)),
        implementation_mutant(
            "integral not split at the root", "∫|s x + c| over a piece taken as |∫(s x + c)| "
            "(the sign change inside a piece ignored)",
            patches={"verify.domain.networks.exact._integral_abs_affine": _abs_of_integral}),
        implementation_mutant(
            "triangle slopes halved", "the hat's inner weights 2, −4 written as 1, −2",
            patches={"theorems.depth.triangle_power": _triangle_power_halved}),
    ),
    notes="""Read in Telgarsky (2016): f(z) = ρ(2ρ(z) − 4ρ(z − 1/2)) (Lemma 3.16); for a
(t, [0, 1])-triangle map Cr(f^k) = (2t)^k + 1 (Corollary 3.14), 2^k + 1 here; Theorem 1.1
(2k³ + 8 layers, 3k³ + 12 nodes, L¹ error ≥ 1/64) rests on the univariate bound
∫|f^K − g| ≥ (1/32)(1 − 2 Cr(g)/(2^K + 1)), checked here exactly for random interpolants and
least-squares fits g. The integral bound is loose (g ≡ 1/2 has error 1/4 against ≈ 0.03): its
companions are the witnesses' exact L¹ distances, derived by hand (1/4 against g ≡ 1/2, 1/2
against g ≡ 0, 1/3 between f² and f), which pin the integral; the counts are equalities. The
recurrences are derived here.""",
)


# --------------------------------------------------------------------------------------------
# depth.regions_one_hidden_layer
# --------------------------------------------------------------------------------------------

regions = quantity("regions", latex=r"\#\mathrm{regions}(\Phi)")
j_ = sympy.Symbol("j", integer=True, nonnegative=True)


def _one_layer_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    """d = 1, 2, 3 and n neurons: dyadic or seeded weights (general position almost surely),
    or weights and biases in {−1, 0, 1} (parallel, coincident and concurrent hyperplanes)."""
    def build(args: tuple[int, int]) -> st.SearchStrategy[Instance]:
        dim, width = args
        arch = (dim, width, 1)
        nets = st.one_of(exact_networks(arch),
                         seeds().map(lambda s: _seeded_exact(arch, s)),
                         exact_networks(arch, st.sampled_from((F(-1), F(0), F(1)))))
        return nets.map(lambda net: Instance({"n": width, "d": dim}, {"net": net}))

    return st.tuples(st.integers(1, 3), st.integers(1, budget.pick(6, 9, 12))).flatmap(build)


def _one_layer_measure(instance: Instance, context: Context) -> object:
    """Activation regions on all of R^d, by deletion–restriction on the neurons' hyperplanes."""
    return one_layer_regions(instance.data["net"])


zaslavsky_bound = sympy.Sum(sympy.binomial(n, j_), (j_, 0, d))


def _layer(rows: list[list[int]], biases: list[int]) -> ExactNetwork:
    """One hidden layer with the given integer weights, summed by the output neuron."""
    return ExactNetwork.from_lists([(rows, biases), ([[1] * len(rows)], [0])])


def _one_layer(net: ExactNetwork, label: str) -> Instance:
    return Instance({"n": net.widths[1], "d": net.widths[0]}, {"net": net}, label=label)


_GENERAL = {
    1: _one_layer(moment_curve_layer(6, 1), "6 distinct breakpoints on R"),
    2: _one_layer(one_layer_general_position(8), "8 lines tangent to a circle"),
    3: _one_layer(moment_curve_layer(7, 3), "7 planes Σ t^k x_k + t³ = 0, t = 1..7"),
}
_FAR = _one_layer(moment_curve_layer(5, 2, scale=F(2**20)),
                  "5 lines in general position, every crossing beyond 2^20")
_EXACT_COUNTS: tuple[tuple[str, ExactNetwork, int, str], ...] = (
    ("zeros 0, 0, 1, 1 and a constant neuron on R",
     _layer([[1], [-1], [2], [1], [0]], [0, 0, -2, -1, 1]), 3,
     "ρ(x), ρ(−x), ρ(2x − 2), ρ(x − 1), ρ(1): two distinct breakpoints"),
    ("4 lines through the origin, two of them twice", _layer(
        [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1]], [0] * 6), 8,
     "4 concurrent lines cut the plane into 8 sectors"),
    ("5 lines through (1, 2)", _layer(
        [[1, 0], [0, 1], [1, 1], [1, -1], [2, 1]], [-1, -2, -3, 1, -4]), 10,
     "5 concurrent lines: 10 sectors"),
    ("4 parallel lines and one across", _layer(
        [[1, 0], [1, 0], [1, 0], [1, 0], [0, 1]], [0, -1, -2, -3, 0]), 10,
     "5 strips, each cut in two"),
    ("coordinate planes and x = 1", _layer(
        [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, -1, 0]], [0, 0, 0, -1, 0]), 12,
     "8 octants; x = 1 cuts the 4 with x > 0"),
    ("braid arrangement x = y, y = z, x = z (and x = y again)", _layer(
        [[1, -1, 0], [0, 1, -1], [1, 0, -1], [-2, 2, 0]], [0, 0, 0, 0]), 6,
     "one region per order of x, y, z: 3! = 6"),
    ("4 planes through the line x = 1, y = 2", _layer(
        [[1, 0, 0], [0, 1, 0], [1, 1, 0], [1, -1, 0]], [-1, -2, -3, 1]), 8,
     "4 concurrent lines in the (x, y) plane, times R"),
)


def _without_deduplication(planes: object) -> list[object]:
    """Mutant helper: repeated hyperplanes kept (ρ(x) and ρ(−x) counted as two lines)."""
    return [p for p in planes if p is not None]  # type: ignore[attr-defined]


def _restrict_sign_error(onto: tuple, other: tuple) -> object:
    """Mutant helper: the offset of the restricted hyperplane with the wrong sign."""
    a, b = onto
    c, e = other
    p = a.index(F(1))
    normal = [c[i] - c[p] * a[i] for i in range(len(a)) if i != p]
    return arrangements.hyperplane(normal, e + c[p] * b)


regions_one_hidden_layer = Theorem(
    id="depth.regions_one_hidden_layer",
    title="n ReLU neurons on R^d have at most Σ_{j≤d} C(n, j) linear regions",
    survey="§3.2–3.3 (linear regions)",
    source="Zaslavsky (1975) / Buck (1943); Montúfar et al. (2014); Serra et al. (2018)",
    statement=sympy.Le(regions, zaslavsky_bound),
    parameters=(n, d),
    quantities=(regions,),
    mode="exact",
    sharp=True,
    instances=_one_layer_instances,
    measure=_one_layer_measure,
    premises=(Premise("one hidden layer of n ReLU neurons on R^d",
                      lambda i: i.data["net"].widths[:2] == (i.params["d"], i.params["n"])
                      and len(i.data["net"].layers) == 2),),
    proof=(
        Identity("for d = 2 the bound is 1 + n + n(n − 1)/2",
                 zaslavsky_bound.subs(d, 2).doit(), 1 + n + n * (n - 1) / 2),
        Identity("Pascal's rule: adding a line adds the regions it crosses, "
                 "C(n, j) = C(n−1, j) + C(n−1, j−1)",
                 sympy.binomial(n, j_),
                 sympy.binomial(n - 1, j_) + sympy.binomial(n - 1, j_ - 1)),
    ),
    witnesses=(
        *(Witness(f"general position in R^{dim}: {inst.label}", inst, attains=True,
                  claim=sympy.Eq(regions, zaslavsky_bound)) for dim, inst in _GENERAL.items()),
        Witness("general position far from the origin", _FAR, attains=True,
                claim=sympy.Eq(regions, zaslavsky_bound),
                note="a count inside a fixed box would miss regions here"),
        *(Witness(name, _one_layer(net, name), claim=sympy.Eq(regions, count), note=why)
          for name, net, count, why in _EXACT_COUNTS),
    ),
    extremes=lambda budget: [_one_layer(moment_curve_layer(budget.pick(6, 9, 12), dim),
                                        "moment-curve hyperplanes at the largest width")
                             for dim in (1, 2, 3)],
    mutants=(
        Mutant("dimension one lower", "regions ≤ Σ_{j≤d−1} C(n, j)",
               statement=sympy.Le(regions, sympy.Sum(sympy.binomial(n, j_), (j_, 0, d - 1)))),
        implementation_mutant(
            "coincident hyperplanes not merged", "two neurons with the same zero hyperplane "
            "(ρ(x), ρ(−x)) counted as two hyperplanes",
            patches={"verify.domain.networks.arrangements._distinct": _without_deduplication}),
        implementation_mutant(
            "restriction offset sign", "x_p = +(b + Σ a_i x_i) substituted on H instead of "
            "−(b + Σ a_i x_i)",
            patches={"verify.domain.networks.arrangements.restrict": _restrict_sign_error}),
        implementation_mutant(
            "restriction counted twice", "r(A) = r(A \\ H) + 2 r(A^H) (each region cut by H "
            "counted as two new ones)", patches={
                "verify.domain.networks.arrangements.arrangement_regions":
                    lambda planes, dim: _regions_restriction_doubled(planes, dim)}),
    ),
    notes="""Regions are activation regions on all of R^d (d = 1, 2, 3), counted exactly by
deletion–restriction on the neurons' zero hyperplanes (verify.domain.networks.arrangements):
no box is involved, so no region can be missed, and parallel, coincident and concurrent
hyperplanes are handled exactly (neurons with zero weights never switch and are dropped). The
count agrees with rational polygon splitting in the plane (tests). Equality holds in general
position (witnesses: moment-curve hyperplanes, lines tangent to a circle, and lines whose
crossings lie beyond 2^20); the witnesses with degenerate arrangements pin exact counts derived
by hand (sectors of concurrent lines, strips, octants, the braid arrangement), which a measure
that returns the bound, or one that merges or splits too much, does not meet. Serra et al. quote
the count (equality iff general position); it goes back to Buck (1943) and Zaslavsky (1975),
whose papers were not read.""",
)


def _regions_restriction_doubled(planes: object, dim: int) -> int:
    """Mutant helper: deletion–restriction with the restriction term counted twice."""
    distinct = arrangements._distinct(planes)  # type: ignore[arg-type]
    if not distinct:
        return 1
    head, rest = distinct[0], distinct[1:]
    return _regions_restriction_doubled(rest, dim) + 2 * _regions_restriction_doubled(
        [arrangements.restrict(head, other) for other in rest], dim - 1)


# --------------------------------------------------------------------------------------------
# depth.regions_deep
# --------------------------------------------------------------------------------------------

hidden = parameter("hidden")
square_regions = quantity("square_regions", latex=r"\#\mathrm{regions}(\Phi|_{[0,1]^2})")


def _deep_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    def build(ws: tuple[int, ...]) -> st.SearchStrategy[Instance]:
        arch = (2, *ws, 1)
        nets = st.one_of(exact_networks(arch),
                         seeds().map(lambda s: _seeded_exact(arch, s)))
        return nets.map(lambda net: Instance({"d": 2, "hidden": ws}, {"net": net}))

    return hidden_widths((2, budget.pick(3, 3, 4)), (1, budget.pick(4, 5, 6))).flatmap(build)


def _deep_measure(instance: Instance, context: Context) -> dict[str, object]:
    """Activation regions on all of R² (inside a box that provably meets every region); for the
    folding constructions also the regions inside [0, 1]², where Montúfar's count holds."""
    net = instance.data["net"]
    out: dict[str, object] = {"regions": plane_region_count(net)}
    if instance.data.get("square"):
        out["square_regions"] = region_count_2d(net, (F(0), F(1), F(0), F(1)))
    return out


def _montufar(ws: tuple[int, ...]) -> Instance:
    return Instance({"d": 2, "hidden": ws}, {"net": montufar_network(ws), "square": True},
                    label="Montúfar folding construction")


def _deep(layers: list[tuple[list[list[object]], list[object]]], label: str) -> Instance:
    net = ExactNetwork.from_lists(layers)
    return Instance({"d": 2, "hidden": net.widths[1:-1]}, {"net": net}, label=label)


# Networks found by a random search over small rational weights whose region count on R² equals
# Serra's bound (11, 16 and 13): the bound is tight for these architectures.
_SERRA_2_2 = [([[F(5, 3), F(-4, 3)], [-3, 0]], [F(-5, 2), F(-3, 2)]),
              ([[F(-1, 3), F(-2, 3)], [F(-1, 3), -6]], [2, 4]), ([[4, F(-2, 3)]], [F(1, 2)])]
_SERRA_2_3 = [([[-6, -4], [0, F(-1, 3)]], [1, 0]),
              ([[F(-4, 3), F(-1, 3)], [F(-4, 3), F(-5, 3)], [-1, -1]], [1, 4, F(5, 2)]),
              ([[4, 3, 2]], [3])]
_SERRA_2_1_2 = [([[-1, 4], [1, -3]], [5, -2]), ([[F(-1, 3), F(-5, 3)]], [F(5, 2)]),
                ([[2], [F(-3, 2)]], [-3, 2]), ([[6, -2]], [-3])]
_STRETCH = F(1, 2**12)
_SERRA_FAR = [([[w * _STRETCH for w in row] for row in _SERRA_2_3[0][0]], _SERRA_2_3[0][1]),
              *_SERRA_2_3[1:]]
_ATTAINS = sympy.Eq(regions, SerraBound(d, hidden))
_MONTUFAR_CLAIM = sympy.And(sympy.Eq(square_regions, MontufarBound(d, hidden)),
                            sympy.Le(square_regions, regions))


def _regions_cumulative(net: ExactNetwork, box: tuple[object, ...]) -> int:
    """Mutant helper: the cells after every layer added up (not only the last layer's)."""
    return sum(region_count_2d(ExactNetwork(net.layers[:depth] + (net.layers[-1],)), box)
               for depth in range(1, len(net.layers)))


regions_deep = Theorem(
    id="depth.regions_deep",
    title="Deep ReLU networks on R²: regions between Montúfar's construction and Serra's bound",
    survey="§3.2–3.3 (linear regions of deep networks)",
    source="Serra, Tjandraatmadja, Ramalingam (2018), Thm 1 (upper bound); Montúfar, Pascanu, "
           "Cho, Bengio (2014) (lower-bound construction)",
    statement=sympy.Le(regions, SerraBound(d, hidden)),
    parameters=(d, hidden),
    quantities=(regions, square_regions),
    mode="exact",
    sharp=True,
    instances=_deep_instances,
    measure=_deep_measure,
    premises=(Premise("input R², hidden widths as declared",
                      lambda i: i.data["net"].widths[0] == 2
                      and i.data["net"].widths[1:-1] == tuple(i.params["hidden"])),),
    witnesses=(
        Witness("widths (2, 2): 11 regions", _deep(_SERRA_2_2, "(2, 2), Serra-tight"),
                attains=True, claim=_ATTAINS),
        Witness("widths (2, 3): 16 regions", _deep(_SERRA_2_3, "(2, 3), Serra-tight"),
                attains=True, claim=_ATTAINS),
        Witness("widths (2, 1, 2): 13 regions", _deep(_SERRA_2_1_2, "(2, 1, 2), Serra-tight"),
                attains=True, claim=_ATTAINS),
        Witness("widths (2, 3) stretched by 2^12", _deep(_SERRA_FAR, "(2, 3), input / 2^12"),
                attains=True, claim=_ATTAINS,
                note="the same network on x/2^12: its regions meet only far from the origin, "
                     "so a count inside a fixed box falls short of the bound"),
        Witness("one layer of 6 in general position (Serra's bound is tight for L = 1)",
                Instance({"d": 2, "hidden": (6,)}, {"net": one_layer_general_position(6)}),
                attains=True, claim=_ATTAINS),
        Witness("folding (4, 4, 3)", _montufar((4, 4, 3)), claim=_MONTUFAR_CLAIM),
        Witness("folding (6, 4)", _montufar((6, 4)), claim=_MONTUFAR_CLAIM),
    ),
    extremes=lambda budget: [_montufar(ws) for ws in
                             ((4, 4), (budget.pick(4, 5, 6),) * budget.pick(3, 3, 4))],
    mutants=(
        Mutant("one-dimensional bound", "Serra's bound with n_0 = 1, i.e. Π(n_l + 1)",
               statement=sympy.Le(regions, SerraBound(1, hidden))),
        implementation_mutant(
            "fixed box", "regions counted inside [−8, 8]² instead of a box that meets them all",
            patches={"verify.domain.networks.regions2d.plane_box":
                     lambda net: (F(-8), F(8), F(-8), F(8))}),
        implementation_mutant(
            "cells of every layer added", "the cells after each layer summed, not the last "
            "layer's counted",
            patches={"verify.domain.networks.regions2d.region_count_2d": _regions_cumulative}),
    ),
    notes="""Serra et al. Thm 1 (read in their ICLR-2018 draft): regions ≤ Σ_{J} Π_l C(n_l, j_l),
J = {0 ≤ j_l ≤ min(n_0, n_1 − j_1, …, n_{l−1} − j_{l−1}, n_l)}, counting activation regions.
Regions are counted exactly on all of R²: rational polygons are split layer by layer inside a
box that provably meets every region (verify.domain.networks.regions2d.plane_box: with Q the
common denominator of the weights, every vertex of the subdivision lies within 2AC·Q^(2L) of
the origin and every boundary line without a vertex within C·Q^L). A count inside a fixed box
would only be a lower estimate; the witness stretched by 2^12 makes such undercounting fail.
The bound is reached exactly by small networks found by search, widths (2, 2), (2, 3),
(2, 1, 2), and by one layer in general position. The lower bound is Montúfar et al.'s
(Π_{l<L} ⌊n_l/n_0⌋^{n_0}) Σ_{j≤n_0} C(n_L, j) as quoted by Serra et al.; the folding construction
(⌊n_l/2⌋ neurons per coordinate, ρ(p z − j) combined with alternating signs, then lines tangent
to a circle) reaches it exactly inside [0, 1]² (the claim square_regions = Montúfar's count),
and has at least as many regions on R². Serra's improved lower bound
Π(⌊n_l/n_0⌋ + 1)^{n_0}·Σ C(n_L, j) (n_l ≥ 3 n_0) is not encoded.""",
)


# --------------------------------------------------------------------------------------------
# depth.radial_separation (partial)
# --------------------------------------------------------------------------------------------

radial_error = quantity("radial_error",
                        latex=r"\max_{x\in X}|\Phi(x) - \cos\|x\|^2|")


def _radial_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    def build(args: tuple[int, int]) -> st.SearchStrategy[Instance]:
        dim, m_ = args
        point = st.lists(dyadic(0, 1, m_ + 3), min_size=dim, max_size=dim)
        return st.tuples(st.lists(point, min_size=1, max_size=4), seeds()).map(
            lambda ps: Instance({"d": dim, "m": m_, "h": F(1, 64)},
                                {"points": tuple(tuple(p) for p in ps[0]), "seed": ps[1]}))

    return st.tuples(st.integers(1, budget.pick(4, 8, 12)),
                     st.integers(1, budget.pick(3, 4, 5))).flatmap(build)


def _radial_points(instance: Instance, dim: int) -> list[tuple[Fraction, ...]]:
    gen = torch.Generator().manual_seed(instance.data.get("seed", 0))
    extra = torch.rand((instance.data.get("extra", 16), dim), generator=gen,
                       dtype=torch.float64)
    return list(instance.data["points"]) + [tuple(F(float(v)) for v in row) for row in extra]


def _radial_measure(instance: Instance, context: Context) -> object:
    """Float search on the device; with ``context.rigorous`` the same points in exact/ball
    arithmetic (Φ exactly in rationals, cos‖x‖² as an arb ball)."""
    dim, m_ = instance.params["d"], instance.params["m"]
    net = radial_network(dim, m_, 6)
    points = _radial_points(instance, dim)
    if context.rigorous:
        worst = flint.arb(0)
        for p in points:
            value = net(p)[0]
            r = sum(F(c) ** 2 for c in p)
            err = abs(flint.arb(flint.fmpq(value.numerator, value.denominator))
                      - flint.arb(flint.fmpq(r.numerator, r.denominator)).cos())
            worst = worst.max(err)
        return worst
    ens = Ensemble.from_exact(net, dtype=torch.float64, device=context.device, rounded=True)
    x = torch.tensor([[float(c) for c in p] for p in points], dtype=torch.float64,
                     device=ens.device)
    out = ens(x)[0, :, 0]
    err = (out - torch.cos((x * x).sum(dim=1))).abs().max()
    return float(err)


def _midpoints(dim: int, m_: int) -> Instance:
    mid = F(2 ** (m_ - 1) + 1, 2 ** (m_ + 1)) if m_ > 1 else F(3, 4)
    low = F(1, 2 ** (m_ + 1))
    point = tuple(mid if i % 2 == 0 else low for i in range(dim))
    return Instance({"d": dim, "m": m_, "h": F(1, 64)},
                    {"points": (point,), "seed": 0, "extra": 0},
                    label="every coordinate at a Yarotsky midpoint")


# At x = (3/4, 1/4, 3/4, 1/4) every f_1(x_i) exceeds x_i² by exactly 1/16, so Σ f_1(x_i) =
# 5/4 + 1/4 = 3/2, a node of ψ's grid where ψ equals cos (rounded to a double): the error is
# |cos(3/2) − cos(5/4)| up to that rounding.
_MIDPOINT_ERROR = sympy.Abs(sympy.cos(sympy.Rational(3, 2)) - sympy.cos(sympy.Rational(5, 4)))
_PIN = sympy.Rational(1, 2**40)


def _square_corrections_halved(forms: list[list[Fraction]], v: int, out: list[Fraction],
                               out_bias: Fraction = Fraction(0)) -> ExactNetwork:
    """Mutant helper: Yarotsky chains whose last hat correction g_m/4^m is halved."""
    net = constructions.yarotsky_square_chains(forms, v, out, out_bias)
    for chain in range(len(forms)):
        for column in (3 * chain, 3 * chain + 1):
            net = _scaled_weight(net, len(net.layers) - 1, 0, F(1, 2), column)
    return net


def _radial_error_of_norm(instance: Instance, context: Context) -> object:
    """Mutant measure: the error against cos‖x‖ (the square root not squared away)."""
    dim, m_ = instance.params["d"], instance.params["m"]
    net = radial_network(dim, m_, 6)
    worst = flint.arb(0)
    for p in _radial_points(instance, dim):
        value, r = net(p)[0], sum(F(c) ** 2 for c in p)
        worst = worst.max(abs(flint.arb(flint.fmpq(value.numerator, value.denominator))
                              - flint.arb(flint.fmpq(r.numerator, r.denominator)).sqrt().cos()))
    return worst if context.rigorous else float(worst.mid())


def _radial_extremes(budget: Budget) -> list[Instance]:
    """The corners of [0, 1]^d (Σ f_m(x_i) = 0 or d: the ends of ψ's grid) and the centre, at
    the search's smallest and largest d and m."""
    out = []
    for dim in sorted({1, budget.pick(4, 8, 12)}):
        for m_ in sorted({1, budget.pick(3, 4, 5)}):
            points = (tuple([F(1)] * dim), tuple([F(0)] * dim), tuple([F(1, 2)] * dim))
            out.append(Instance({"d": dim, "m": m_, "h": F(1, 64)},
                                {"points": points, "seed": 0, "extra": 0},
                                label="corners and centre of the cube"))
    return out


radial_separation = Theorem(
    id="depth.radial_separation",
    title="Radial functions: a deep network of width O(d) approximates cos(‖x‖²) with an "
          "explicit error (constructive half of Eldan–Shamir)",
    survey="§3.1 (approximation of radial functions)",
    source="Eldan & Shamir (2016), The power of depth for feedforward neural networks, Thm 1 "
           "(constructive half only); Yarotsky (2017), Prop. 2",
    statement=sympy.Le(radial_error, d * 2 ** (-2 * m - 2) + h**2 / 8),
    parameters=(d, m, h),
    quantities=(radial_error,),
    mode="sampled",
    instances=_radial_instances,
    measure=_radial_measure,
    proof=(
        Extremum("interpolation error of a C² profile with |φ''| ≤ 1 on a cell of width h: "
                 "max of h² t(1 − t)/2 is h²/8", h**2 * t_ * (1 - t_) / 2, t_,
                 sympy.Interval(0, 1), h**2 / 8),
        Inequality("Σ_i (f_m(x_i) − x_i²) ≤ d·2^(−2m−2), each term in [0, 2^(−2m−2)]",
                   d * 2 ** (-2 * m - 2) - sympy.Symbol("s", nonnegative=True),
                   d * 2 ** (-2 * m - 2)),
    ),
    witnesses=(Witness("d = 4, m = 1, coordinates at midpoints", _midpoints(4, 1),
                       claim=sympy.And(sympy.Ge(radial_error, _MIDPOINT_ERROR - _PIN),
                                       sympy.Le(radial_error, _MIDPOINT_ERROR + _PIN)),
                       note="the claim pins the error at this point, |cos(3/2) − cos(5/4)| "
                            "± 2^(−40), ratio 0.978 to the bound"),),
    extremes=_radial_extremes,
    mutants=(
        Mutant("no factor d", "error ≤ 2^(−2m−2) + h²/8 (the d square errors dropped)",
               statement=sympy.Le(radial_error, 2 ** (-2 * m - 2) + h**2 / 8)),
        implementation_mutant(
            "last square correction halved", "each Yarotsky chain adds g_m/(2·4^m) instead of "
            "g_m/4^m", patches={"verify.domain.networks.separation.yarotsky_square_chains":
                                _square_corrections_halved}),
        implementation_mutant("target cos‖x‖", "the error measured against cos‖x‖",
                              measure=_radial_error_of_norm),
    ),
    partial="Only the constructive half is checked: Φ(x) = ψ(Σ f_m(x_i)) (width 3d + d·2^6, "
            "depth m + 2) approximates cos(‖x‖²) on [0, 1]^d within d·2^(−2m−2) + h²/8, "
            "h = 2^(−6), on sampled points (each point measured rigorously when a violation "
            "is suspected). Eldan–Shamir's lower bound (2-layer networks need width "
            "exponential in d) is an existence statement with unspecified constants and is "
            "not checked numerically.",
    notes="""Eldan & Shamir (2016) Thm 1, from secondary sources (paper not available): a radial
g supported on ‖x‖ ≤ C√d is computed by a 3-layer network of width C c_σ d^(19/4), while
2-layer networks of width ≤ c e^(cd) have L²(μ) error ≥ c. The profile cos is a stand-in for
their radial function: the construction (squares, sum, 1-D interpolant) is the same. The
Lipschitz constant of ψ is at most 1 (chord slopes of cos), which turns the d square errors into
the first term of the bound.""",
)

__all__ = [
    "yarotsky_square_theorem", "yarotsky_multiply", "pieces_upper_bound",
    "sawtooth_separation", "regions_one_hidden_layer", "regions_deep", "radial_separation",
]
