"""The sections of the "Your face, measured" page. Each ``*_ui`` draws one section and returns plain values.

Nothing here measures anything: the numbers come from :mod:`viz` through :mod:`ui.cache`. No text a
person supplied (file names included) is ever rendered as HTML.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Final

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import viz
from ui import a11y, cache, phone, photo_slots, session, site, state, widgets
from ui import presenter as story
from ui.learn_ui import citation_markdown
from ui.tables import table_ui
from ui.widgets import plain
from viz import mirror
from viz.asymmetry import CALIBRATION_REL
from viz.balance import joined
from viz.content import Card, Library, Muscle, Myth
from viz.content.search import is_about
from viz.landmarks import IRIS_DIAMETER_MM
from viz.muscles import muscles_for
from viz.overlay import COLOURED_LAYERS, SAFETY_FOOTER, face_overlay_png
from viz.photo import FORMAT_WORDS
from viz.preview import MIRRORED_NOTE
from viz.vocabulary import LAYERS, MEASURES, REGIONS, SIDES_NOTE, VERDICTS, format_pm, format_value

GUIDANCE = """
- **Camera at eye level**, about an arm's length away, the face filling most of the frame.
- **Even light** from the front (a window ahead of you, not beside you); no strong shadows.
- **Neutral face**: relaxed, mouth closed, eyes open, looking into the lens.
- **Hair off the brows and forehead; glasses off.**
- Head straight: not turned, tilted or nodding.
- **The camera's own photo, in focus**: not digitally zoomed, enlarged, or a screenshot of a smaller picture
  (those hold less detail than their pixels suggest).
"""

PRIVACY = (
    "Privacy: your photo stays in this session's memory only. It is never saved to disk, logged or sent "
    "anywhere, and clearing the photo or closing the tab discards it."
)

COMPOSITE_NOTE = (
    "These composites **exaggerate**: they join one half of the face to its own reflection across the fitted axis. "
    "No real face looks like either of them; use them to see which side carries a difference, not as a preview."
)
#: Under the camera box: what to do when the browser finds no camera or access is refused (the box stays grey).
NO_CAMERA = "No camera found, or access refused? Upload a photo instead: the camera's own photo works best."


def header_ui() -> None:
    """Title and the always-visible safety notice."""
    st.title("MirrorMap — your face, measured")
    st.warning(site.SAFETY, icon=":material/warning:")


#: Added to the notice of a removed photo while the Expressions or Visits page holds photos: "clearing the photo
#: discards it" left people thinking the smile they had added on Expressions was gone too.
KEPT_ELSEWHERE = " The photos added on the Expressions or Visits page stay until they are removed there, or New person is pressed."


def _removed(notice: str) -> None:
    """``on_click`` of "Show the sample portrait" and "Clear photo": discard the photo, and say which photos stay.

    Which stay is known only once it is gone: the photos added on the other pages against it go with it
    (:meth:`ui.photo_slots.Slots.follow`), and a Visits after photo removed so was said to stay."""
    state.clear_photo(notice=notice)
    if photo_slots.any_photo():
        st.session_state[state.NOTICE] = notice + KEPT_ELSEWHERE


#: Keys of the containers of the notice after "Clear photo" or "Show the sample portrait", and of a refused file's
#: sentence: each button is disabled or redrawn by what it did, so the focus went to the page and a screen reader said
#: nothing; the focus goes to the sentence instead (:func:`ui.a11y.focus_ui`).
PHOTO_NOTICE: Final = "photo-notice"
PHOTO_REFUSED: Final = "photo-refused"
#: Session-state key: the uploader just took a file (:func:`_uploaded`); its successor gets the focus once.
_UPLOADED: Final = "_mm_photo_uploaded"
#: Said in a toast (in view wherever the page is scrolled) when the camera has taken a photo that is measured.
PHOTO_TAKEN: Final = "Photo taken: its measures are below."
#: Session-state key: the camera just took a photo (:func:`_photographed`).
_PHOTOGRAPHED: Final = "_mm_photo_photographed"
#: Session-state key: a new photo was taken (not refused); :func:`measure` says once what it found (:func:`measured_sentence`).
_SAY_MEASURED: Final = "_mm_say_measured"
#: Session-state key: the "mirrored" setting the page last measured with; a change is said (:func:`measured_sentence`).
_MEASURED_MIRRORED: Final = "_mm_measured_mirrored"


def _uploaded(key: str) -> None:
    """``on_change`` of the first page's uploader: take the file, and ask the next run to focus the uploader drawn in
    its place (taking a file empties the widget by drawing a new one, which the focus did not follow)."""
    state.take_widget(key, "upload")
    st.session_state[_UPLOADED] = True


def _photographed(key: str) -> None:
    """``on_change`` of the first page's camera: take the photo, and have its measures said (:func:`measure`)."""
    state.take_widget(key, "camera")
    st.session_state[_PHOTOGRAPHED] = True


def photo_input_ui(presenter: bool) -> tuple[bytes, str, str]:
    """The photo controls (hidden in presenter mode); returns the bytes, digest and label of the photo to show."""
    n = state.nonce()  # a file whose on_change was cut short is taken before anything is read or drawn
    state.collect([(state.widget_key(f"upload-{n}"), "upload"), (state.widget_key(f"camera-{n}"), "camera")])
    notice = state.pop_notice()
    if notice:
        with a11y.read_out(PHOTO_NOTICE):
            st.success(notice)
    refused = state.pop_refused()
    uploaded = bool(st.session_state.pop(_UPLOADED, False))
    photographed = bool(st.session_state.pop(_PHOTOGRAPHED, False))
    if (uploaded or photographed) and not refused:
        # a new photo measured changed only a caption ("Showing: Your uploaded photo"), and a screen reader heard
        # nothing, where a refusal and "Clear photo" are read out: what was found is said once (measure)
        st.session_state[_SAY_MEASURED] = True
    if photographed and not refused:
        # the camera goes back to its live picture at once, looking as before the shot, and the only sign of the photo
        # ("Showing: Your camera photo") was below the fold: people pressed again, or thought the camera had failed
        st.toast(PHOTO_TAKEN, icon=":material/photo_camera:")
    if refused:
        with a11y.read_out(PHOTO_REFUSED):  # why the file was not used, read out where the focus lands
            widgets.refused_ui(refused, kept=state.KEPT if state.photo() is not None else state.KEPT_SAMPLE)
    chosen = state.photo()
    if not presenter:
        st.header("Your photo")
        n = state.nonce()
        upload_col, camera_col, options_col = st.columns([3, 2, 2], gap="medium")
        with upload_col:
            key = state.widget_key(f"upload-{n}")
            st.file_uploader(
                f"Upload a photo ({FORMAT_WORDS})",
                type=widgets.ACCEPTED_TYPES,
                key=key,
                on_change=_uploaded,
                args=(key,),
            )
            if uploaded and not refused:  # a photo taken: on to the new uploader's button, where the one pressed was
                a11y.focus_ui(key)
        with camera_col:
            st.toggle("Take a photo with the camera", key=state.USE_CAMERA, persist_state="session")
            if st.session_state[state.USE_CAMERA]:
                key = state.widget_key(f"camera-{n}")
                st.camera_input("Look straight into the camera", key=key, on_change=_photographed, args=(key,), resolution=widgets.CAMERA_RESOLUTION)
                st.caption(NO_CAMERA)  # the browser's own box only asks for access; it says nothing when there is no camera
        with options_col:
            # Both remove the person's photo (nothing of it is kept, so it cannot come back but by uploading it again): the
            # tooltip says so before the click and a notice after it.
            removes = "Removes your photo from this session (upload it again to measure it) and shows the sample portrait."
            st.button("Show the sample portrait", key=state.SAMPLE_BUTTON, on_click=_removed, args=(state.SAMPLE_SHOWN,), disabled=chosen is None, help=removes)
            st.button("Clear photo", key=state.CLEAR_BUTTON, on_click=_removed, args=(state.CLEARED,), disabled=chosen is None, help=removes)
        with st.expander("How to take a photo that measures well"):
            st.markdown(GUIDANCE)
        st.caption(PRIVACY)
        chosen = state.photo()
    if chosen is None:
        data, digest = cache.sample()
        label = cache.SAMPLE_NAME
    else:
        data, digest = chosen.data, chosen.digest
        label = chosen.label
    return data, digest, label


def mirrored_ui(label: str, presenter: bool) -> bool:
    """Which photo is shown and the "mirrored" toggle (hidden in presenter mode); returns the setting."""
    session.touch()  # the first call of the results fragment: its reruns are the person's activity too
    if state.pop_mirrored_reset() and not presenter:  # beside the switch, and gone once it is used (this fragment reruns)
        st.info(state.MIRRORED_RESET, icon=":material/flip:")
    mirrored = widgets.first_page_mirrored_ui(presenter)
    st.caption(f"Showing: {label}" + (" · marked as mirrored (selfie mode)" if mirrored else ""))
    return mirrored


def measure(work: cache.PhotoWork, mirrored: bool) -> viz.AsymmetryReport | None:
    """The analysis (a spinner while it is computed); ``None`` after explaining why there is none.

    Just after a new photo is taken, what it found is said once to a screen reader (:func:`measured_sentence`); not on
    a rerun, nor for the photo a refused file left in place. The "mirrored" switch changed is said too, with what the
    photo now reads: the status region went on saying "right corner lower" beside a page reading "left corner lower".
    """
    say = bool(st.session_state.pop(_SAY_MEASURED, False))  # this photo's once, measured or not
    before = st.session_state.get(_MEASURED_MIRRORED)
    st.session_state[_MEASURED_MIRRORED] = mirrored
    switched = not say and before is not None and before != mirrored
    if work.ready(mirrored):
        report = work.report(mirrored)
    else:
        with st.spinner("Finding the face and measuring…"):
            report = work.report(mirrored)
    if isinstance(report, cache.Failure):
        widgets.failure_ui(report)
        return None
    if say or switched:
        a11y.say(measured_sentence(report, switched=switched))
    return report


def prepare_other_side(work: cache.PhotoWork, report: viz.AsymmetryReport, presenter: bool) -> None:
    """Get the other side of the "mirrored" toggle ready in the background while the person looks at this one."""
    work.prepare(not report.mirrored, presenter, cache.library())


def advice_ui(report: viz.AsymmetryReport) -> None:
    """Engine warnings, shown as advice (they include how the photo was read: first frame only, damaged data)."""
    for warning in report.warnings:  # a photo of several faces says which was measured and what to do in one of them
        st.info(warning, icon=":material/lightbulb:")


#: The headline where differences stand beyond their ± but none is measured finely enough to judge (a tiny or blurred face).
COARSE: Final = ("Too coarse to judge", "the ± here is larger than half what people notice: take a closer, sharper photo")


#: The names of the headline's first two numbers (:func:`headline_ui`), said too once a new photo is measured.
INDEX_LABEL: Final = "Overall asymmetry index"
DIFFERENCE_LABEL: Final = "Most noticeable difference"
#: The headline's second number where no difference stands beyond its uncertainty.
NO_CLEAR: Final = ("No clear difference", "every difference is within its uncertainty")


def headline_values(report: viz.AsymmetryReport) -> tuple[str, tuple[str, str]]:
    """The headline's overall index (with its ±) and its most noticeable difference (its name, and its size, side and
    how it compares with what people notice), as :func:`headline_ui` shows them and :func:`measured_sentence` says them."""
    top = report.headline()
    if top is None:
        difference = COARSE if report.too_coarse() else NO_CLEAR
    else:
        difference = (MEASURES[top.id].label, top.summary())
    return format_pm(report.index_mm, report.index_uncertainty_mm, "mm"), difference


def measured_sentence(report: viz.AsymmetryReport, *, switched: bool = False) -> str:
    """What a screen reader is told once a new photo is measured, or (``switched``) once the "mirrored" switch changed:
    the headline's first two numbers, in its own words (:func:`headline_values`); the " · " between the parts of a
    difference is read as a comma."""
    index, (difference, note) = headline_values(report)
    if not switched:
        lead = "Your photo is measured"
    elif report.mirrored:
        lead = "Marked as mirrored, left and right swapped back"
    else:
        lead = "No longer marked as mirrored"
    return f"{lead}: {INDEX_LABEL.lower()} {index}; {DIFFERENCE_LABEL.lower()}: {difference}, {note.replace(' · ', ', ')}."


#: A label's text wrapping between words where Streamlit keeps it on one line, cut with "…".
_WRAPS: Final = "white-space: normal !important; overflow: visible !important; text-overflow: clip !important;"
#: The key of the three headline numbers, and their static style: each label wraps between words. Streamlit cuts a
#: metric's label to one line with an ellipsis, which no touch could open: in a tablet's third (165 px) they read
#: "Overall asymmetry…" and "Most noticeable differe…".
HEADLINE: Final = "mm-headline"
HEADLINE_CSS: Final = (
    f"<style>.st-key-{HEADLINE} [data-testid='stMetricLabel'], .st-key-{HEADLINE} [data-testid='stMetricLabel'] *"
    f" {{ {_WRAPS} height: auto !important; }}</style>"
)


def headline_ui(report: viz.AsymmetryReport, presenter: bool = False, *, stacked: bool = False) -> None:
    """Three numbers that summarise the analysis (presenter mode: no tooltips); ``stacked``: one above the other."""
    index, (difference, note) = headline_values(report)
    st.html(HEADLINE_CSS)
    box = st.container(key=HEADLINE)
    a, b, c = (box.container(), box.container(), box.container()) if stacked else box.columns(3)
    a.metric(
        INDEX_LABEL,
        index,
        help=None
        if presenter
        else (
            "Root-mean-square over 220 mirror-paired landmarks of half the distance between each point and its mirrored partner."
            " An average over the whole face, from the face model's points, it is usually well below the largest single difference;"
            " the measures below read each feature from the photo itself. The ± is its standard uncertainty: the scale, the photo's"
            " pixel size and how far it moves between two photos of one face."
        ),
    )
    b.metric(DIFFERENCE_LABEL, difference, note, delta_color="off", delta_arrow="off")
    if (difference, note) not in (COARSE, NO_CLEAR) and report.less_sure and not presenter:  # its measures may be off by more than their ranges
        b.caption(report.less_sure_note().strip())  # presenter mode says it above the overlay (presenter_notice)
    c.metric(
        "Scale",
        f"±{CALIBRATION_REL:.0%}",
        SCALE_LINE,
        delta_color="off",
        delta_arrow="off",
        help=None if presenter else scale_help(report),
    )


#: The scale in words a person understands (the ± is the calibration's, :data:`viz.asymmetry.CALIBRATION_REL`).
SCALE_LINE = "measured with the iris as a ruler"


def scale_headline() -> str:
    """The scale as one line: what the ruler is and how sure it is.

    Examples
    --------
    >>> scale_headline()
    'Measured with the iris as a ruler, ±4%'
    """
    return f"{SCALE_LINE.capitalize()}, ±{CALIBRATION_REL:.0%}"


def scale_help(report: viz.AsymmetryReport) -> str:
    """The scale's details for those who ask (a tooltip outside presenter mode): the iris figure, its source and this photo's pixels."""
    return (
        f"The visible iris is {IRIS_DIAMETER_MM:g} mm across in adults (Rüfer 2005: 11.71 ± 0.42 mm), so every millimetre figure"
        f" carries a ±{CALIBRATION_REL:.0%} calibration uncertainty (±{CALIBRATION_REL:.1%} before rounding, as the ranges use it)."
        f" On this photo one pixel is {report.face.mm_per_px:.3f} mm."
    )


def _rows(report: viz.AsymmetryReport) -> list[dict[str, str]]:
    rows = []
    for m in report.sorted_measures():
        shown = m.withheld is None
        sides = m.shown_sides()
        rows.append(
            {
                "measure": MEASURES[m.id].label,
                "left": format_value(sides[0], "mm") if sides is not None else "",
                "right": format_value(sides[1], "mm") if sides is not None else "",
                "difference": format_value(m.value, m.unit, signed=True) if shown else "not measured",
                "uncertainty": f"± {format_value(m.uncertainty, m.unit)}" if shown else "",
                "side": m.side_words(),
                "what it means": m.note,
            }
        )
    return rows


#: How many clear differences the summary beside the overlay lists (the table under it has every measure).
SUMMARY_MAX = 4


def summary_ui(report: viz.AsymmetryReport) -> None:
    """Beside the overlay: the clear differences, most noticeable first, one line each (the table below has every measure).

    The full table sat there as a card per measure, 2,700 px of cards in a column 400 px wide beside an overlay 800 px
    tall, the rest of the page's width empty; under the overlay, at the page's full width, it is a table.
    """
    st.subheader("Most noticeable first")
    shown = [m for m in report.sorted_measures() if m.decisive][:SUMMARY_MAX]  # as the headline picks: clear, finely measured
    if shown:
        st.markdown("\n".join(f"- **{MEASURES[m.id].label}**: {m.summary()}" for m in shown))
    elif report.too_coarse():
        st.markdown(f"{COARSE[0]}: {COARSE[1]}.")
    else:
        st.markdown("No difference stands beyond its uncertainty.")
    coarse = [MEASURES[m.id].label for m in report.sorted_measures() if m.clear and not m.decisive]
    if shown and coarse:  # the table ranks them among the others: say why the list passed them over
        names = coarse[0] if len(coarse) == 1 else f"{', '.join(coarse[:-1])} and {coarse[-1]}"
        verb, their = ("is", "its") if len(coarse) == 1 else ("are", "their")
        st.caption(f"Not listed here: {names} {verb} beyond {their} ± but measured too coarsely to judge ({their} ± over half what people notice).")
    st.caption("Every measure, with left and right, its uncertainty and what it means, is in the table below.")


def measures_ui(report: viz.AsymmetryReport) -> None:
    """Every measure, most noticeable first, with left, right, difference, uncertainty and a note."""
    st.header("Measures, most noticeable first")
    st.caption("Sides are the subject's own left and right. Differences are left − right; offsets are positive toward the left. " + SIDES_NOTE)
    rows = _rows(report)
    # cards when narrow; named for a screen reader as its heading names it
    table_ui(rows, key="measures", min_width=760, wide=("what it means",), wide_min=14, name_min=8.5, label="Measures, most noticeable first")


def chart_ui(work: cache.PhotoWork, report: viz.AsymmetryReport, presenter: bool) -> None:
    """The bar chart of the measures over the normal band, drawn only while its expander is open.

    The table of measures gives the same numbers, so the chart starts closed: a page without it costs the
    browser about a fifth less work on first load (most of it on a phone). Opening it is remembered for the
    session.
    """
    st.subheader("How big each difference is")
    box = widgets.opened("Chart of the differences against the normal bands", key=state.CHART_OPEN, icon=":material/bar_chart:")
    if box is None:
        return
    with box:
        st.plotly_chart(work.measures(report, presenter), key="measures_chart", config={"displayModeBar": False}, width="stretch")  # nothing to zoom
        a11y.describe_chart(
            "measures_chart",
            "Bar chart: each measure's left–right difference with its uncertainty, against bands of the average difference in eyelid-surgery patients"
            " and of what people commonly notice. The table of measures gives the same numbers.",
        )
        st.caption("Error bars: ± uncertainty (calibration, model disagreement and repeatability). Bands: Macdonald 2014, Hohman 2014, Kim 2017, Jing 2022.")


def related_ui(report: viz.AsymmetryReport) -> None:
    """For each face region, most noticeable first: its measures, the muscles involved and the related Learn cards."""
    library = cache.library()
    if library is None:
        return
    st.subheader("What the measures mean")
    box = widgets.opened("Muscles involved and related Learn cards, by region", key=state.RELATED_OPEN, icon=":material/menu_book:")
    if box is None:  # like the chart, it would cost every first page load
        return
    with box:
        _related_regions(report, library)


def related_cards(library: Library, region: str, muscle_ids: Sequence[str], n: int = 3) -> list[Card]:
    """The Learn cards most about a region: those on its muscles first, then the ones tagged with fewer regions (a
    card about the whole face is less about this part of it), muscle cards last (the line above names the muscles).

    The first three cards in the file's order tagged with the region gave the eyes "Botox fills hollows and adds
    volume" and the jaw "You see the full result the same day".
    """
    cards = library.search("", region=region)
    involved = set(muscle_ids)

    def rank(item: tuple[int, Card]) -> tuple[bool, bool, int, int]:
        order, card = item
        is_muscle = isinstance(card, Muscle)
        about = any(is_about(card, muscle) for muscle in involved)
        return (is_muscle, not about, len(card.regions), order)

    return [card for _, card in sorted(enumerate(cards), key=rank)[:n]]


def card_name(card: Card) -> str:
    """A Learn card named in a list, escaped: a myth card as the belief it tests, with its verdict.

    A myth's words alone ("Botox gives droopy mouth corners a real lift") under a measured result read as a promise.

    Examples
    --------
    >>> from viz.content import load
    >>> library = load()
    >>> print(card_name(library.myths[0]))
    myth or fact? “Botox paralyses your whole face and leaves you looking frozen” (verdict: myth)
    >>> print(card_name(library.topics["dynamic_vs_static"].cards[0]))
    “Can change\\: muscle pull”
    """
    if isinstance(card, Myth):
        return f"myth or fact? “{plain(card.myth.rstrip('.'))}” (verdict: {VERDICTS[card.verdict].lower()})"
    return f"“{plain(card.title.rstrip('.'))}”"


#: The keys' start of the links to Learn's cards, and their static style: a label wraps between words. Streamlit
#: keeps a page link on one line, cut at its box: in a tablet's column it read "Open the brows cards in Lear".
LINKS: Final = "mm-learn-link"
LINKS_CSS: Final = (
    f"<style>[class*='st-key-{LINKS}-'] [data-testid='stPageLink'] * {{ {_WRAPS} max-width: 100%; }}"
    f" [class*='st-key-{LINKS}-'] [data-testid='stPageLink-NavLink'] {{ height: auto !important; }}</style>"
)


def _related_regions(report: viz.AsymmetryReport, library: Library) -> None:
    """Each region's measures, muscles and related cards, with a link to its cards in Learn."""
    learn = site.page_path("learn.py")
    if learn is not None:
        st.html(LINKS_CSS)
    by_region: dict[str, list[str]] = {}
    for m in report.sorted_measures():
        by_region.setdefault(m.region, []).append(m.id)
    for region, ids in by_region.items():
        measures = ", ".join(MEASURES[i].noun for i in ids)
        muscle_ids = dict.fromkeys(mid for i in ids for mid in muscles_for(i, library))
        muscles = ", ".join(library.muscles[mid].name.lower() for mid in muscle_ids)
        cards = related_cards(library, region, tuple(muscle_ids))
        lines = [f"**{REGIONS[region]}** — {measures}"]
        if muscles:
            lines.append(f"Muscles involved: {muscles}.")
        if cards:
            lines.append("Related cards: " + "; ".join(card_name(card) for card in cards) + ".")
        st.markdown("  \n".join(lines))
        if learn is not None:
            st.container(key=f"{LINKS}-{region}").page_link(
                learn, label=f"Open the {region} cards in Learn", icon=":material/menu_book:", query_params={"region": region}
            )


def overlay_ui(work: cache.PhotoWork, report: viz.AsymmetryReport, presenter: bool) -> None:
    """The overlay: a picture with a choice of layers, or, when asked for, the interactive chart with the same choice.

    The picture is what the page opens on: the chart's script is most of what a browser loads for the
    page (see :meth:`ui.cache.PhotoWork.overlay_picture`). The choices last for the session."""
    st.header("Where the face differs")
    interactive = st.toggle(
        "Interactive view",
        key=state.OVERLAY_INTERACTIVE,
        persist_state="session",
        help="Hover for millimetres ± uncertainty and the muscles involved, zoom and pan. It takes the browser about a second more to draw, longer on a phone.",
    )
    # one control of the layers for both views: the chart's legend took no keyboard focus (Plotly draws it tabindex -1),
    # so in the interactive view a keyboard could not change them
    st.pills("Layers", list(LAYERS), format_func=LAYERS.__getitem__, selection_mode="multi", key=state.OVERLAY_LAYERS, persist_state="session")
    layers = state.overlay_layers()
    if not interactive:
        picture_ui(work, report, layers)
        return
    st.caption(TOUCH_HELP)
    figure = with_layers(work.overlay(report, presenter, cache.library()), layers)
    st.plotly_chart(
        figure,
        key=phone.OVERLAY_KEY,
        config={"displaylogo": False, "scrollZoom": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
        width="stretch",
    )
    if not presenter:
        phone.fit_overlay_ui(phone.OVERLAY_KEY, figure)  # as tall as its width needs: no blank bands on a phone
    a11y.describe_chart(phone.OVERLAY_KEY, overlay_name(report, layers))


#: Under the "Interactive view" switch: what the chart answers to. On a touch screen one finger scrolls the page over
#: the chart (ui.phone's script keeps the finger from Plotly): the chart filled most of a phone's screen and took the swipe.
TOUCH_HELP: Final = (
    "Hover (or tap) for millimetres ± uncertainty and the muscles involved; choose the layers above. With a mouse, scroll or drag"
    " to zoom and pan, double-click to reset. On a touch screen one finger scrolls the page, over the chart too: zoom with the"
    " toolbar's + and −, and reset with its house button."
)
#: The overlay's legend title once the Layers control above chooses what it shows (the legend is a key, not a control).
LEGEND_TITLE: Final = "Layers (chosen above; greyed: hidden):"


def with_layers(figure: go.Figure, layers: Sequence[str], *, control_above: bool = True) -> go.Figure:
    """A copy of the overlay ``figure`` that shows the layers ``layers`` (ids of :data:`LAYERS`) and lists the others greyed.

    Each trace's ``legendgroup`` is its layer's id (:func:`viz.figures.overlay_figure`). With ``control_above`` (the
    Layers control drawn above it) the legend becomes a key: a click on it hid a layer the Layers control then still
    showed as chosen, and it never took the keyboard's focus. Without it (presenter mode, which hides the control) the
    legend stays the way to change them, from the layers chosen before.

    Raises
    ------
    ValueError
        When ``layers`` names a layer :data:`LAYERS` does not have.
    """
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise ValueError(f"layers: unknown layer ids {sorted(unknown)}")
    shown = go.Figure(figure)  # the cached figure is shared by every choice of layers
    for trace in shown.data:
        trace.visible = True if trace.legendgroup in layers else "legendonly"
    if not control_above:
        return shown
    return shown.update_layout(legend={"itemclick": False, "itemdoubleclick": False, "title": {"text": LEGEND_TITLE}})


#: How the overlay picture's alt text begins (browser tests and benchmarks find the picture by it).
OVERLAY_ALT = "The photo cropped to the face"
#: What the overlay picture's layers show, for its caption (one clause each, in the order of :data:`LAYERS`).
_LAYER_KEYS = {
    "heat": "dots tint each region by its asymmetry index",
    "connectors": "lines join mirror-paired points",
    "axis": "the white line is the fitted symmetry axis",
    "levels": "magenta lines join the brows, the pupils and the mouth corners, over dashed horizontals of the face",
    "measures": "diamonds mark where each measure is read",
}


def overlay_alt(report: viz.AsymmetryReport, layers: Sequence[str]) -> str:
    """What the overlay shows with the layers ``layers`` (ids of :data:`LAYERS`), for a screen reader: the picture's alt
    text and the interactive chart's name alike.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> print(overlay_alt(SimpleNamespace(index_mm=1.234, index_uncertainty_mm=0.5), ["heat", "axis"]).replace("\xa0", " "))
    The photo cropped to the face, with regional heat and symmetry axis. Overall asymmetry index: 1.2 ± 0.5 mm.
    """
    chosen = ", with " + joined([LAYERS[layer].lower() for layer in layers]) if layers else ""
    return f"{OVERLAY_ALT}{chosen}. Overall asymmetry index: {format_pm(report.index_mm, report.index_uncertainty_mm, 'mm')}."


#: How the coloured layers' colours run, said under the picture and in the interactive chart's name.
COLOURS_NOTE: Final = " Colours run from dark blue (0 mm) to yellow (3 mm or more)."


def overlay_name(report: viz.AsymmetryReport, layers: Sequence[str]) -> str:
    """The overlay chart's name for a screen reader (the first page's interactive view and presenter mode's first step):
    the picture's alt text (:func:`overlay_alt`), and how the colours run where a coloured layer is shown.

    The same words as the picture's alt: a fixed sentence named the axis with the axis off, and never the heat; presenter
    mode's chart had no name at all (its Plotly layers read as unnamed images and run-together legend words).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> overlay_name(SimpleNamespace(index_mm=1.234, index_uncertainty_mm=0.5), ["heat"]).endswith("(3 mm or more).")
    True
    """
    return overlay_alt(report, layers) + (COLOURS_NOTE if COLOURED_LAYERS & set(layers) else "")


def picture_ui(work: cache.PhotoWork, report: viz.AsymmetryReport, layers: tuple[str, ...]) -> None:
    """The overlay drawn into the photo with the layers ``layers`` (chosen above it, :func:`overlay_ui`)."""
    keys = [_LAYER_KEYS[layer] for layer in layers]
    coloured = COLOURED_LAYERS & set(layers)
    caption = ("; ".join(keys) + "." if keys else "No layer chosen: the photo as measured.") + (COLOURS_NOTE if coloured else "")
    a11y.image(
        work.overlay_picture(report, layers),
        alt=overlay_alt(report, layers),
        key="overlay_picture",
        caption=caption[0].upper() + caption[1:],
        width="stretch",
    )


# --- presenter mode's story (ui.presenter): one screen per step -----------------------------------


def presenter_ui(work: cache.PhotoWork, report: viz.AsymmetryReport, step: int) -> None:
    """The first page's steps of presenter mode: 0, the photo with its overlay and the headline; 1, the mirror."""
    if step == 0:
        presenter_face_ui(work, report)
    else:
        presenter_mirror_ui(work, report)


def presenter_face_ui(work: cache.PhotoWork, report: viz.AsymmetryReport, *, key_only: bool = False) -> None:
    """The photo with its overlay beside the headline, in large type and without instructions.

    With ``key_only`` (the demo's tour, a screen without controls) the legend is a key: a click on it hid a layer that
    the tour's visitors could not show again.
    """
    # the layers chosen on the first page: presenter mode showed every layer, the heat an injector had hidden too
    layers = state.overlay_layers()
    figure = with_layers(work.overlay(report, True, cache.library()), layers, control_above=False)  # a copy
    if key_only:
        figure.update_layout(legend={"itemclick": False, "itemdoubleclick": False})
    notice, others = presenter_notice(report)
    if notice:  # one line across the page, its room taken from the overlay: the step still fits the screen
        st.html(story.notice_css(story.notice_px(notice)))
        st.info(notice, icon=":material/lightbulb:")
    overlay_col, words_col = st.columns([3, 2], gap="large", vertical_alignment="center")
    with overlay_col, st.container(key=story.OVERLAY_CHART):  # as tall as the screen leaves (ui.presenter.CHART_HEIGHTS)
        st.plotly_chart(
            figure,
            key=phone.OVERLAY_KEY,
            config={"displaylogo": False, "displayModeBar": False},
            width="stretch",
            height="stretch",
        )
    with words_col:
        headline_ui(report, presenter=True, stacked=True)
        if others:  # in full, closed: what else the photo's notes say
            with st.expander("Notes on how the photo was read", icon=":material/lightbulb:"):
                for warning in others:
                    st.markdown(warning)
        a11y.describe_chart(phone.OVERLAY_KEY, overlay_name(report, layers))  # as the first page's interactive view


#: Presenter mode's one line where a photo is read less surely (:attr:`viz.AsymmetryReport.less_sure`): presenter mode
#: takes no photo, so it says what the reading is worth, not "take the photo again".
LESS_SURE_LINE: Final = "Measured less surely: {reasons}."


def presenter_notice(report: viz.AsymmetryReport) -> tuple[str, tuple[str, ...]]:
    """Presenter mode's notice above the first step's overlay, and the photo's notes it does not already say.

    The notice is one short line, without advice on taking the photo again (presenter mode adds no photos); ``""``
    when the photo is read as surely as its ranges say. The engine's notes behind it (the face's expression, a head
    tilted or turned beyond what the face model reads well) are left out of the notes returned.
    """
    reasons = report.less_sure
    if not reasons:
        return "", tuple(report.warnings)
    said = report.less_sure_warnings
    return LESS_SURE_LINE.format(reasons="; ".join(reasons)), tuple(w for w in report.warnings if w not in said)


#: Alt text of each mirrored view (all cropped to the face), for screen readers.
_VIEW_ALT = {
    "true": "The photo as taken (true view), cropped to the face",
    "mirror": "The photo reflected across the face's fitted symmetry axis (mirror view)",
    "left_left": "A composite face made of the subject's left half and its reflection",
    "right_right": "A composite face made of the subject's right half and its reflection",
}


def _blend_alt(alpha: int) -> str:
    """Alt text of the true view with the mirror view laid over it."""
    return f"The true view with the mirror view laid over it at {alpha}% opacity"


def blend_caption(alpha: int, *, lead: str = "True view with the mirror view") -> str:
    """The caption of the true view with the mirror view laid over it at ``alpha`` percent; ``lead`` names the pair.

    At either end of the slider one view hides the other, so no edge is doubled: "doubled edges show asymmetry"
    there described what the picture did not show.

    Examples
    --------
    >>> blend_caption(50)
    'True view with the mirror view on top at 50%: doubled edges show asymmetry'
    >>> blend_caption(0), blend_caption(100)
    ('Only the true view shows: the mirror view is at 0%', 'Only the mirror view shows: at 100% it hides the true view')
    """
    if alpha <= 0:
        return "Only the true view shows: the mirror view is at 0%"
    if alpha >= 100:
        return "Only the mirror view shows: at 100% it hides the true view"
    return f"{lead} on top at {alpha}%: doubled edges show asymmetry"


def _view_ui(views: cache.Views, name: str, *, key: str, caption: str, where: DeltaGenerator) -> None:
    """One mirrored view across its column, with its alt text."""
    a11y.image(views.jpeg[name], alt=_VIEW_ALT[name], key=key, caption=caption, width="stretch", where=where)


def presenter_mirror_ui(work: cache.PhotoWork, report: viz.AsymmetryReport) -> None:
    """The true view, the mirror view and the two overlaid, side by side, with why the mirror view feels right."""
    views = work.views(report, large=True)
    alpha = int(str(st.session_state.get(state.OPACITY, state.DEFAULTS[state.OPACITY])))
    true_col, mirror_col, both_col = st.columns(3, gap="medium")  # each picture as tall as the step allows (ui.presenter.IMAGE_HEIGHT)
    _view_ui(views, "true", key="story-true", caption="True view: what a camera and other people see", where=true_col)
    _view_ui(views, "mirror", key="story-mirror", caption="Mirror view: what you see in a mirror", where=mirror_col)
    a11y.image(
        work.blended(report, alpha, large=True),
        alt=_blend_alt(alpha),
        key="story-both",
        caption=blend_caption(alpha, lead="Both, the mirror view"),
        width="stretch",
        where=both_col,
    )
    st.markdown(mirror.MERE_EXPOSURE)


def comparison_ui(work: cache.PhotoWork, report: viz.AsymmetryReport, presenter: bool) -> None:
    """True vs mirror view, half-face composites, the aligned overlay and the difference map."""
    views = work.views(report, large=presenter)
    st.header("Mirrored comparison")
    library = cache.library()
    source = library.sources.get(mirror.MERE_EXPOSURE_SOURCE) if library is not None else None
    pair_col, composite_col = (st.container(), st.container()) if presenter else st.columns(2, gap="large")
    with pair_col:
        st.subheader("True view and mirror view")
        true_col, mirror_col = st.columns(2)
        _view_ui(views, "true", key="view-true", caption="True view: what a camera and other people see", where=true_col)
        _view_ui(views, "mirror", key="view-mirror", caption="Mirror view: what you see in a mirror (reflected across the fitted axis)", where=mirror_col)
        st.markdown(mirror.MERE_EXPOSURE)
        if source is not None:
            st.caption(f"Source: {citation_markdown(source)}")  # a link to open, like the Learn page's sources
    with composite_col:
        st.subheader("Half-face composites (exaggerating)")
        ll_col, rr_col = st.columns(2)
        _view_ui(views, "left_left", key="view-left-left", caption="Left–left: the subject's left half and its reflection", where=ll_col)
        _view_ui(views, "right_right", key="view-right-right", caption="Right–right: the subject's right half and its reflection", where=rr_col)
        st.warning(COMPOSITE_NOTE, icon=":material/visibility:")
    st.subheader("Photo and mirror, aligned")
    aligned_ui(work, report, presenter)


#: The key of the aligned views' row, whose controls take a row of their own when narrow: in a tablet's 520 px the
#: control column was 102 px, the download button read "Downlo / ad the / compar / ison".
ALIGNED_ROW: Final = "mm-aligned-row"


@st.fragment
def aligned_ui(work: cache.PhotoWork, report: viz.AsymmetryReport, presenter: bool) -> None:
    """Blend or blink the true and mirror views; reruns on its own, so the slider answers at once."""
    session.touch()
    views = work.views(report, large=presenter)
    if presenter:
        control_col = st.container()
        blend_col, diff_col = st.columns(2)
    else:
        # the controls take a row of their own above the two pictures where the row is narrow (a tablet in portrait)
        row = phone.wrap_when_narrow(ALIGNED_ROW, ":first-child")
        control_col, blend_col, diff_col = row.columns([1, 1.5, 1.5], gap="medium")
    with control_col:
        blink = st.toggle("Blink between the true and the mirror view", key=state.BLINK, persist_state="session")
        alpha = st.slider("Mirror opacity", min_value=0, max_value=100, step=5, format="%d%%", key=state.OPACITY, disabled=blink, persist_state="session")
        st.caption("Both views are aligned on the fitted symmetry axis, so wherever the face is symmetric the two coincide.")
        if not presenter:
            comparison_download_ui(work, report, int(alpha))
    with blend_col:
        if blink:
            a11y.image(
                work.blink(report, large=presenter),
                alt="An animation alternating the true view and the mirror view, aligned on the symmetry axis",
                key="view-aligned",
                caption="Blinking: what moves is what differs between the two sides",
                width="stretch",
            )
        else:
            a11y.image(
                work.blended(report, int(alpha), large=presenter),
                alt=_blend_alt(int(alpha)),
                key="view-aligned",
                caption=blend_caption(int(alpha)),
                width="stretch",
            )
    with diff_col:
        a11y.image(
            views.jpeg["difference"],
            alt="Difference map: the face in grey, coloured from dark blue where its two sides match to yellow where they do not",
            key="view-difference",
            caption="Difference map: dark blue where the two sides match, yellow where features do not line up (shading is removed first)",
            width="stretch",
        )


#: Printed under the comparison PNG (:func:`comparison_footer`).
COMPARISON_FOOTER = ("MirrorMap — educational, not medical advice. Composites exaggerate asymmetry.", SAFETY_FOOTER)


def comparison_footer(report: viz.AsymmetryReport) -> tuple[str, ...]:
    """The comparison PNG's footer: :data:`COMPARISON_FOOTER`, then :data:`viz.preview.MIRRORED_NOTE` for a photo marked as
    mirrored, as the PDF and the before/after PNG say (a saved comparison handed on did not say its sides were swapped back)."""
    return (*COMPARISON_FOOTER, *((MIRRORED_NOTE,) if report.mirrored else ()))


#: Saved file names.
REPORT_FILE = "consult-report"


def export_ui(work: cache.PhotoWork, report: viz.AsymmetryReport) -> None:
    """One-click exports, each made in memory only when clicked: the consult report (PDF) and the overlay (PNG).

    The comparison PNG sits with the opacity slider it follows (:func:`aligned_ui`).
    """
    a, b = st.columns(2)
    a.download_button(
        "Download the consult report (PDF)",
        # the overlay's layers as on the page, as the PNG; nothing of this photo once another took its place
        data=widgets.from_current_photos(functools.partial(work.report_pdf, report, cache.library(), state.overlay_layers()), "pdf"),
        file_name=widgets.saved_name(REPORT_FILE, "pdf"),
        mime="application/pdf",
        key="download_report",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help="The photo with the overlay, every measure with its uncertainty and note, the mirrored views, sources and notices, dated.",
    )
    b.download_button(
        "Download the overlay (PNG)",
        # as on the page: the face and its layers, at the page's size at least; the sample's credit under it (CC BY 4.0)
        data=widgets.from_current_photos(functools.partial(face_overlay_png, report, state.overlay_layers(), work.credit), "png"),
        file_name=widgets.saved_name("overlay", "png"),
        mime="image/png",
        key="download_overlay",
        on_click="ignore",
        icon=":material/download:",
    )


def comparison_download_ui(work: cache.PhotoWork, report: viz.AsymmetryReport, alpha: int) -> None:
    """The whole comparison as one PNG, its overlaid tile at the opacity chosen on the slider (made when clicked)."""
    st.download_button(
        "Download the comparison (PNG)",
        data=widgets.from_current_photos(functools.partial(work.comparison_png, report, comparison_footer(report), int(alpha)), "png"),
        file_name=widgets.saved_name("comparison", "png"),
        mime="image/png",
        key="download_comparison",
        on_click="ignore",
        icon=":material/download:",
        help=f"True and mirror views, the composites, the difference map and the two views overlaid at {alpha}%.",
    )
