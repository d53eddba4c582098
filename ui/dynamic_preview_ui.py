"""The Preview page in motion: an expression of the person's expression set with the plan's muscles relaxed.

Shown when the Expressions page holds at least one expression photo. The expression set's own rest
photo (by default the first page's photo) is the reference; relaxing a muscle on one side attenuates
that side's share of the movement (:func:`viz.dynamic_preview.relax_expression`). Simulations are
cached by the set, the expression, the plan and the day; every simulated image carries the
"SIMULATION" mark inside the face's box (put on before the crop, so the picture on screen keeps it),
and the attenuations are labelled as illustrative on screen. An expression photo that shows someone
else or not the expected expression is not simulated, and the page says why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import viz
from ui import a11y, cache, movement_ui, state, widgets
from ui.images import blink_gif, jpeg
from ui.plan import Plan, muscles, relaxations
from ui.tables import table_ui
from viz.balance import EXAM_DECIDES, BalanceOption
from viz.content import Library
from viz.dynamic_preview import ExpressionPreview, actions, movement_balance_options, no_option_reason, relax_expression, shown_sides
from viz.movement import NO_RATIO, DynamicsReport
from viz.overlay import crop, face_box
from viz.preview import PHOTO_MARK, WATERMARK, mark, pair_png
from viz.timeline import strength_phrase
from viz.vocabulary import EXPRESSIONS, MOVEMENTS, NBSP, format_pm, format_range, format_value, rounded_pair

EXPRESSION = "preview_expression"
BLINK = "preview-expression-blink"
SetKey = tuple[str, tuple[tuple[str, str], ...], bool]

ILLUSTRATIVE = (
    "How much of a movement relaxing a muscle removes is illustrative: no published figure was found for one side of an "
    "expression, so the simulation uses illustrative shares (for example 80% of the brow raise for a fully relaxed forehead "
    "muscle at its peak). Read it as a direction, not an amount."
)


#: Where the Expressions page's photos show another face than the photo the page simulates.
OTHER_PERSON = (
    "The Expressions page's photos show another face than this photo, so they are not offered here: take both pages' "
    "photos of the same person to see an expression with the plan."
)
#: Where a face is too small to check that the Expressions page's rest photo shows the same person as this photo
#: (:func:`ui.movement_ui.too_small_to_match`; ``{which}``: :data:`TOO_SMALL_WHICH`): counted as the same face, a 90 px
#: rest photo of one man put his smile under the sample portrait of a woman.
TOO_SMALL = (
    "The Expressions page's photos are not offered here: {which} too small to confirm that they show the same person as"
    " this photo, so take the photos closer up."
)
#: Which face is too small, as :data:`TOO_SMALL` says it.
TOO_SMALL_WHICH = {"rest": "the face in that page's rest photo is", "first": "the face in this photo is", "both": "both faces are"}
#: Under the selector, where the Expressions page has a rest photo of its own (of the same person).
OWN_REST = "Rest is the photo above; the expressions are the Expressions page's photos, lined up with that page's own rest photo."
#: Where some expression photos cannot be simulated (:func:`ui.movement_ui.simulatable`): they are not offered, and this
#: says which. Offered, they said only "This photo is not simulated: retake it on the Expressions page."
NOT_OFFERED = "Not offered: {titles}, whose {photos} no verdict on the Expressions page (it says why). Retake {them} there to see {them} here."


def shown_warnings(pv: ExpressionPreview) -> tuple[str, ...]:
    """The simulation's warnings the page shows above its pictures, one box each: those not about illustrative figures
    (:data:`ILLUSTRATIVE` says that once for all)."""
    return tuple(w for w in pv.warnings if "illustrative" not in w)


def saved_caveats(pv: ExpressionPreview) -> tuple[str, ...]:
    """What the saved photo and simulation say of how far the simulation goes: what the page says above the pictures,
    :data:`ILLUSTRATIVE` and then :func:`shown_warnings`. Saved with the first alone, a smile no muscle of the plan
    makes was labelled SIMULATION beside the same smile, with no word that the plan leaves it unchanged."""
    return (ILLUSTRATIVE, *shown_warnings(pv))


def expression_ui(digest: str, face: viz.Face) -> str:
    """The Expression selector (rest and the expressions that can be simulated, :func:`ui.movement_ui.simulatable`, with
    a line naming the others); ``"rest"`` when the set holds none.

    ``digest`` and ``face`` are the photo the page simulates at rest. Where the Expressions page has a rest photo of its
    own, its expressions are offered only if that photo was checked to show the same face (:func:`viz.visits.faces_match`):
    the page would otherwise show one person at rest and another smiling. Where a face is too small to check, it says so
    (:data:`TOO_SMALL`).
    """
    names = movement_ui.captured()
    rest = movement_ui.rest_photo()[0]
    if not names or rest is None:
        return "rest"
    own_rest = rest.digest != digest
    if not movement_ui.same_face_as(digest, face):  # the rule the Expressions page's last line follows too
        small = movement_ui.too_small_to_match(digest, face)
        st.info(TOO_SMALL.format(which=TOO_SMALL_WHICH[small]) if small else OTHER_PERSON, icon=":material/person_alert:")
        return "rest"
    measured = movement_ui.measure(movement_ui.mirrored_setting())  # cached: the set as the Expressions page reads it
    offered = movement_ui.simulatable(measured.report)
    left_out = [e for e in names if e not in offered]
    if left_out:
        st.caption(not_offered(left_out))
    options = ["rest", *offered]
    if st.session_state.get(EXPRESSION) not in options:  # e.g. a smile chosen before its photo was replaced by another person's
        st.session_state[EXPRESSION] = "rest"
    if not offered:
        return "rest"
    labels = {e: EXPRESSIONS[e].title for e in options}
    choice = st.segmented_control(
        "Expression",
        options,
        format_func=labels.__getitem__,
        required=True,
        key=EXPRESSION,
        persist_state="session",
        help="Show one of your expression photos with the plan's muscles relaxed: relaxing a muscle on one side weakens that side's share of the movement.",
    )
    if own_rest:
        st.caption(OWN_REST)
    return choice if isinstance(choice, str) else "rest"


def not_offered(left_out: list[str]) -> str:
    """The sentence naming the expression photos the selector leaves out (:data:`NOT_OFFERED`)."""
    one = len(left_out) == 1
    return NOT_OFFERED.format(titles=movement_ui.titles_in_words(left_out), photos="photo gives" if one else "photos give", them="it" if one else "them")


def at_rest_note() -> str | None:
    """Presenter mode simulates the rest photo only: a sentence saying so when an expression was chosen on the page."""
    chosen = st.session_state.get(EXPRESSION)
    if chosen not in EXPRESSIONS or chosen == "rest" or chosen not in movement_ui.captured():
        return None
    if chosen not in movement_ui.simulatable(movement_ui.measure(movement_ui.mirrored_setting()).report):
        return None  # not offered on the page either (:func:`expression_ui`)
    return f"Presenter mode shows the rest photo; the {EXPRESSIONS[chosen].title.lower()} preview is on this page with presenter mode off."


@cache.per_session(max_entries=16)
def simulate(set_key: SetKey, expression: str, steps: Plan, day: int, _report: DynamicsReport) -> ExpressionPreview:
    """One expression simulation (cached by the set, the expression, the plan and the day)."""
    return relax_expression(_report, expression, relaxations(steps), float(day), library=cache.library())


@cache.per_session(max_entries=8)
def no_options(set_key: SetKey, expression: str, mid: str, _report: DynamicsReport) -> str:
    """Why no option is listed for the set's largest movement difference (cached by the set)."""
    return no_option_reason(_report, expression, mid, library=cache.library())


@cache.per_session(max_entries=8)
def options(set_key: SetKey, _report: DynamicsReport) -> tuple[str, str, list[BalanceOption]] | None:
    """What would balance the set's largest movement difference (cached by the set)."""
    return movement_balance_options(_report, library=cache.library())


def movement_rows(pv: ExpressionPreview) -> list[dict[str, str]]:
    """Each movement measure of the expression before and after: both sides, their difference and the ratio.

    The measured side and difference carry their ± as the Expressions page gives them (:func:`ui.movement_ui.side_value`):
    without it "5.2°" read as a difference the Expressions page calls within its ±8.6°. An angle too uncertain for a
    direction there has none after either (the simulation keeps its uncertainty).
    """
    rows = []
    for mid, m0 in pv.before.items():
        m1 = pv.after[mid]
        unit = m0.unit
        l0, r0, l1, r1 = shown_sides(m0, m1)  # as the Expressions page shows them, the difference after the two as shown
        sides = {}
        blind = False  # a side with no direction: the two are not compared (the Expressions page says so)
        for side, after in (("left", l1), ("right", r1)):
            before = movement_ui.side_value(m0, side, explain=True)  # "(moved the other way)", as on the Expressions page
            blind = blind or before == movement_ui.NO_DIRECTION
            sides[side] = f"{before} → {movement_ui.NO_DIRECTION if before == movement_ui.NO_DIRECTION else format_value(after, unit)}"
        unc = m0.difference_uncertainty
        ends = sorted(m.left - m.right for m in (pv.after_low[mid], pv.after_high[mid]))
        rows.append(
            {
                "movement": MOVEMENTS[mid].label,
                **sides,
                # "+18.6 ± 41.8°" stood beside a corner with no clear direction, whose angle the Expressions page does not compare
                "difference before": "—" if blind else format_pm(l0 - r0, unc, unit, signed=True),
                "difference after": "—" if blind else format_pm(l1 - r1, unc, unit, signed=True),
                "likely range after": format_range(ends[0], ends[1], unit, signed=True) if unit == "mm" else "—",  # an angle is not scaled
                "weaker / stronger": " → ".join(m.ratio_text(plus_minus=False) for m in (m0, m1)),
            }
        )
    return rows


def balance_ui(set_key: SetKey, lib: Library, report: DynamicsReport, noted: Collection[str] = ()) -> None:
    """Options to discuss with a licensed injector for the largest clear movement difference, or a plain sentence.

    Only expression photos that give a verdict (the expected expression, of the rest photo's person) count.
    Each option gives what the simulation shows at full relaxation on the muscle's peak day and says its
    figures are illustrative; nothing here changes the plan.
    """
    found = options(set_key, report)
    if found is None:
        st.info("No expression photo that gives a verdict shows a movement difference clearly beyond its uncertainty: nothing to balance.")
        return
    expression, mid, opts = found
    mv = report.expressions[expression].movements[mid]
    label = MOVEMENTS[mid].noun
    left, right = rounded_pair(mv.left, mv.right)
    st.markdown(
        f"The clearest movement difference is the **{label}** ({EXPRESSIONS[expression].title.lower()}): "
        f"left {format_value(left, mv.unit)}, right {format_value(right, mv.unit)},"
        f" a difference of {format_pm(abs(left - right), mv.difference_uncertainty, mv.unit)}."
    )
    if not opts:
        st.info(no_options(set_key, expression, mid, report), icon=":material/info:")
        return
    st.caption(f"{EXAM_DECIDES} {widgets.EXPLORE_HELP}")
    said = set(noted)  # the notes of the plan's muscles stand above (the smile muscle's was printed twice)
    for o in opts[:5]:
        flipped = " (it would flip: the other side would then move more)" if o.before * o.after < 0 and abs(o.after) >= 0.05 else ""
        basis = "illustrative figures (no published per-side measurement)" if o.illustrative else f"cited figures ({lib.cite(o.sources)})"
        shows = f"{format_value(abs(o.before), o.unit)} to about {format_value(abs(o.after), o.unit)} at full effect of a strong relaxation{flipped} — {basis}."
        widgets.option_ui(lib, o, shows, key="preview-move-explore")  # as the options at rest
        action = lib.muscles[o.relaxation.muscle].dynamic
        if action is not None and o.relaxation.muscle not in said:  # each muscle's note once on the page
            st.caption(action.note)
            said.add(o.relaxation.muscle)
    st.caption("Listed by how much the simulation shrinks the difference at full effect: an order for reading, not a recommendation.")


def expression_preview_ui(
    lib: Library,
    steps: Plan,
    day: int,
    expression: str,
    presenter: bool,
    notes: DeltaGenerator | None = None,
    rest_report: Callable[[], None] | None = None,
) -> None:
    """The chosen expression, as photographed and simulated, with its movements before and after; the simulation's
    notes go in ``notes`` where given (above the day slider, so that the slider sits just over the pictures), and
    ``rest_report`` draws the consult report's download (of the plan at rest) beside the expression's own."""
    measured = movement_ui.measure(movement_ui.mirrored_setting())
    report = measured.report
    if report is None or expression not in report.expressions:
        which = expression if expression in measured.failures else "rest"
        failure = measured.failures.get(which)
        what = f"{EXPRESSIONS[which].title} photo"
        if failure is None:
            st.error(f"{what}: it could not be measured. Retake it on the Expressions page.", icon=":material/error:")
        else:  # the same sentence and way forward as on the Expressions page
            widgets.failure_ui(failure, what=what, advice="Retake it on the Expressions page.")
        return
    result = report.expressions[expression]
    if not result.usable:
        for warning in result.warnings[:2]:  # the reasons come first: another person, or not the expression asked for
            st.warning(warning, icon=":material/person_alert:")
        st.caption("This photo is not simulated: retake it on the Expressions page.")
        return
    with st.spinner("Simulating the expression…"):
        pv = simulate(measured.key, expression, steps, day, report)
    where = notes if notes is not None else st.container()
    # one photo marked mirrored, the other not: shown the same way round (and said so in the saved picture too)
    flipped = (f"The {EXPRESSIONS[expression].title.lower()} photo is shown {movement_ui.FLIPPED}.",) if report.expressions[expression].flipped else ()
    for line in flipped:
        where.caption(line)
    where.info(ILLUSTRATIVE, icon=":material/science:")
    for warning in shown_warnings(pv):
        where.warning(warning, icon=":material/info:")
    if not measured.rest_from_first_page:
        st.caption("The movement is measured from the rest photo of your expression set, taken on the Expressions page.")

    face = report.expressions[expression].face
    box = face_box(face)
    before = crop(mark(np.asarray(face.photo.rgb), face, PHOTO_MARK), box, movement_ui.SHOW_SIDE)
    after = crop(pv.image, box, movement_ui.SHOW_SIDE)  # marked inside the face's box, so the crop keeps the mark
    title = EXPRESSIONS[expression].title
    blink = st.toggle("Blink between the photo and the simulation", key=BLINK, persist_state="session")
    if blink:
        img_col, _rest_col = st.columns([1, 1] if not presenter else [3, 1])
        a11y.image(
            blink_gif(before, after),
            alt=f"An animation alternating the {title.lower()} photo and its simulation on day {day}",
            key="preview-expression-blink",
            caption=f"{title}: photo and simulation, alternating.",
            where=img_col,
        )
    else:
        a, b = st.columns(2)
        a11y.image(
            jpeg(before),
            alt=f"The {title.lower()} photo, cropped to the face and marked {PHOTO_MARK}",
            key="preview-expression-before",
            caption=f"{title} (photo)",
            where=a,
        )
        a11y.image(
            jpeg(after),
            alt=f"The simulation of the {title.lower()} photo on day {day}, cropped to the face and marked {WATERMARK}",
            key="preview-expression-after",
            caption=f"{title}: {WATERMARK}, day{NBSP}{day}",
            where=b,
        )
    png_col, report_col = st.columns(2)
    png_col.download_button(  # the rest view's pictures could be saved, the expression's could not
        f"Download the {title.lower()} and its simulation (PNG)",
        # the boxes above the pictures say the attenuations are illustrative and, e.g., that no muscle of the plan makes
        # the movement (the simulation shows it unchanged): the saved picture, handed on, says the same
        # shown the rest photo's way round: a mirrored rest photo's "left side" is on the picture's right, as at rest
        # nothing of these photos once one of them changed (the expression's, or the first page's standing in for rest)
        data=widgets.from_current_photos(
            lambda: pair_png(
                face.photo.rgb,
                pv.image,
                face,
                pv.relaxations,
                pv.day,
                what=f"{title.lower()} photo",
                caveats=(*flipped, *saved_caveats(pv)),
                library=lib,
                mirrored=report.rest.mirrored,
            ),
            "png",
            photos=(movement_ui.PHOTOS, state.PHOTO),
        ),
        file_name=widgets.saved_name(f"simulation-{expression.replace('_', '-')}-day-{day}", "png"),
        mime="image/png",
        key="preview-expression-export",
        help="The photo and its simulation side by side, both marked, naming the plan, the day and the expression.",
    )
    if rest_report is not None:  # the consult report went while an expression was shown, back only at rest
        with report_col:
            rest_report()
    st.header("Movement before → after")
    table_ui(movement_rows(pv), key="preview-movements", min_width=720, label=f"Movement in the {title.lower()} before and after, simulated day {day}")
    st.caption(
        "Millimetres from rest, per side (the person's own left and right); difference = left minus right. Weaker / stronger:"
        f" 1.00 means both sides move alike; {NO_RATIO} where the stronger side moves too little to compare, and for a direction."
        f" Likely range after: {NO_RATIO} for an angle, which the simulation does not give a range (its ± stays the measurement's)."
    )
    driving = actions(lib)
    noted = [m for m in muscles(steps) if m in driving and expression in driving[m].expressions]
    if noted:  # as the view at rest gives the day's strength: the range after is the time course's spread
        strengths = "; ".join(strength_phrase(lib.muscles[m].name, day, lib.muscles[m].movement_course) for m in noted)
        st.caption(
            f"Day {day} — {strengths}. The likely range after spans the slowest to the quickest course; how much of the"
            " movement a relaxed muscle removes is one illustrative figure."
        )
    for muscle in noted:
        st.caption(f"{lib.muscles[muscle].name}: {driving[muscle].note}")

    st.header("Options to discuss for your movement")
    balance_ui(measured.key, lib, report, noted=noted)
