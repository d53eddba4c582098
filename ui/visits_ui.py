"""Pieces of the Visits page: two rest photos from different days, lined up, and every measure before → after.

The photos live in session state only, as a dict of :class:`ui.state.PhotoInput` under :data:`PHOTOS`
(keys ``before`` and ``after``); the before photo defaults to the person's photo from the first page, which keeps
that page's "mirrored" setting. Each photo added here has its own "mirrored" switch in its slot
(:data:`MIRRORED_SETTINGS`), so that one visit's selfie can be marked without flipping the other's photo. Each photo
added here can be removed again (for the before photo: back to the first page's photo).
Detection runs once per photo in the session's cache and the comparison once per pair. Each visit may be given a date
(:data:`DATES`, optional and typed by the person only): the table and the PDF are then headed with both dates.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Final

import numpy as np
import streamlit as st

import viz
from ui import a11y, cache, phone, session, site, state, widgets
from ui.cache import THUMBNAIL_MARGINS
from ui.images import blink_gif, jpeg
from ui.photo_slots import Slots
from ui.tables import TableOptions, table_ui
from ui.widgets import MirroredSetting, first_page_caption, photo_mirrored
from viz.align import aligned_image
from viz.overlay import crop, face_box
from viz.photo import FORMAT_WORDS
from viz.preview import mark
from viz.report import consult_pdf, long_date, visit_dates
from viz.visits import (
    BEYOND_NOTE,
    CHANGE_NOTE,
    EXPRESSION_NOT_COMPARED,
    PHOTO_LIMITS,
    TABLE_COLUMNS,
    CompareReport,
    compare,
    said_by_summary,
)

# --- session-state keys ---------------------------------------------------------------------------
PHOTOS = "visit_photos"  # dict[str, PhotoInput]: the seam ("before" only when given on this page)
MIRRORED = "visits_mirrored"  # + "-{slot}": the toggle of a photo added here
MIRRORED_KEPT = "visits_mirrored_kept"  # + "-{slot}": its value, kept while other pages are shown
CAMERA = "visits_camera"
BLINK = "visits_blink"
REPLACE = "visits-replace"  # + "-{slot}"
KEEP = "visits-keep"  # + "-{slot}": stop replacing, keep the photo
REMOVE = "visits-remove"  # + "-{slot}": take the photo off this page (the before slot shows the first page's photo again)
#: The date of each visit as the person gave it (optional; nothing reads a date from a photo): cleared with the person.
DATES = {slot: session.personal(f"visits_date_{slot}") for slot in ("before", "after")}


def _forget_visit(slot: str) -> None:
    """Empty a slot's date and reset its "mirrored" switch: its photo was removed, by its own button (:func:`_remove`) or
    with the first page's photo (:data:`SLOTS`), or, for the before slot, the first page's photo it showed was cleared or
    replaced by another picture. Kept, the date headed the table and the PDF for the next photo put in the slot, another
    visit's (the last patient's before date headed the next patient's table and PDF)."""
    MIRRORED_SETTINGS[slot].reset()
    st.session_state[DATES[slot]] = None


def _remove(slot: str) -> None:
    """The remove button's ``on_click``: the slot's photo and what belongs to that visit alone (:func:`_forget_visit`)."""
    SLOTS.discard(slot)
    _forget_visit(slot)


#: The after photo follows the before slot while that shows the first page's photo: when that photo is cleared or
#: replaced by another picture, an after photo added against it is removed (:meth:`ui.photo_slots.Slots.follow`), and its
#: "mirrored" switch with it; the before date goes with that photo, after photo or not (:func:`_forget_visit`). Kept, the
#: last patient's after photo was compared with the next patient's photo.
SLOTS = Slots(
    PHOTOS,
    "visits",
    stand_in=lambda slot: state.photo() if slot == "before" else None,
    follows={"after": "before"},
    on_drop=_forget_visit,
)
#: Said once on the page after :data:`SLOTS` removed the after photo with the first page's photo.
AFTER_DROPPED = "The after photo was removed with the first page's photo it was compared with: add it again if it is the same person's."
#: Longest side of the images sent to the browser, pixels.
SHOW_SIDE = 480
SLOT_TITLES = {"before": "Before: the earlier visit", "after": "After: the later visit"}
#: The page's two sections (h2).
PHOTOS_HEADING = "The two photos"
RESULTS_HEADING = "What changed between the visits"
#: The narrowest box, CSS pixels, that shows the table of changes as a table; narrower, a card per row (a phone). Its
#: columns need about 790 px with every word whole (Chromium, measured with the sidebar open: 788 and 781 px on two
#: pairs), and narrower the side column broke "differen / ce". At 900 a 1280 px window, whose box is 810 px, got cards,
#: where numbers are hard to compare down a column.
TABLE_MIN_WIDTH = 800
#: The narrowest the side column gets in the table, ems: laid out by content, it got 94 px beside the columns of numbers
#: at 1280 px, "before: no clear difference; after: toward the right" on five lines. At 10 it takes two or three.
SIDE_MIN_EM = 10
#: How the table of changes is laid out (:func:`ui.tables.table_html`): the side in a column of sentences, and a measure
#: not taken from one photo as "not measured: why" across the row's empty end, not its reason in the side column.
TABLE_OPTIONS: Final[TableOptions] = {"min_width": TABLE_MIN_WIDTH, "wide": ("side",), "wide_min": SIDE_MIN_EM, "span": True}
#: Drawn on each frame of the blink (as Preview marks its frames PHOTO and SIMULATION): unmarked, the two frames
#: alternated every 900 ms and nobody could tell which was which.
BLINK_MARKS = ("BEFORE", "AFTER")
#: The least share of the slots' margins around the face (:data:`ui.cache.THUMBNAIL_MARGINS`) that both thumbnails keep
#: (:func:`thumbnail_margins`), so that a face at a photo's edge does not leave the other cropped to its landmarks.
MIN_MARGIN_SHARE = 0.25
#: The earliest and the latest date a visit's box takes. Streamlit's own range, ten years back from today, left a
#: before photo from 2016 red in its box and read as "no date", with the reason only in a tooltip: a before photo can be
#: decades old. A date later than today is taken and questioned beside the boxes (:func:`date_doubts`), not refused unsaid.
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2099, 12, 31))
#: Said beside the boxes where one reads no date: the server gets nothing from a box whose text is not a date it takes
#: (31/02/2026, or month first: 11/17/2026), so it cannot tell an empty box from one it could not read.
#: It is said whatever was read: a box retyped with 31/02/2026 kept showing it while the date read (and printed in the
#: PDF) stayed the one typed before, and the box was not red.
UNREAD_DATE = "A date that is not a real day as day/month/year is not taken: where a box shows a date other than the one read here, type it again."
REPLACE_ADVICE = f"Replace this photo above with another rest photo ({FORMAT_WORDS}), or take one with the camera."
#: The same, for a before photo that is the first page's photo (its slot offers an uploader, not a Replace button).
FIRST_PAGE_ADVICE = f"Use a different before photo above ({FORMAT_WORDS}), take one with the camera, or change the first page's photo."


def photo(slot: str) -> tuple[state.PhotoInput | None, bool]:
    """The photo of a slot and whether it is the first page's photo (the default before photo)."""
    return SLOTS.showing(slot)


@cache.per_session(max_entries=8)
def comparison(before_digest: str, after_digest: str, mirrored: tuple[bool, bool], _before: viz.Face, _after: viz.Face) -> CompareReport:
    """The comparison of two photos (cached by their digests and each photo's "mirrored" setting, before and after)."""
    return compare(_before, _after, mirrored=mirrored)


def remove_label(slot: str) -> str:
    """The label of the button taking a photo added here off the page: for the before photo, where the first page has a
    photo, it says that photo comes back."""
    return "Back to the first page's photo" if slot == "before" and state.photo() is not None else "Remove this photo"


def header_ui() -> None:
    """Title, the safety notice and what the page does."""
    st.title("Visits — before and after")
    st.warning(site.SAFETY, icon=":material/warning:")
    st.caption(
        "Compare two rest photos of the same person from different days, for example before treatment and at the two-week "
        "review. Each photo is measured on its own and every change is held against the two measurements' combined "
        "uncertainty. Your photos stay in this session's memory only: never saved to disk, logged or sent anywhere."
    )


def _room(face: viz.Face) -> float:
    """The largest share, at most 1, of :data:`ui.cache.THUMBNAIL_MARGINS` around the face that its photo holds."""
    h, w = face.photo.rgb.shape[:2]
    x0, y0, x1, y1 = (v / face.photo.scale for v in face.bbox)  # as :func:`viz.overlay.face_box` reads it
    bw, bh = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    side, above, below = THUMBNAIL_MARGINS
    return min(1.0, x0 / (side * bw), (w - x1) / (side * bw), y0 / (above * bh), (h - y1) / (below * bh))


def thumbnail_margins(faces: Mapping[str, viz.Face]) -> tuple[float, float, float]:
    """The margins around the face (as :func:`viz.overlay.face_box` takes them) of both visits' thumbnails: the slots'
    margins, shrunk as far as the photo with the least room around its face needs (not below :data:`MIN_MARGIN_SHARE`),
    so both photos are framed alike. Each slot framing its own photo showed lisa 1, whose face fills it, whole beside
    lisa 4, the same size, cropped to the face."""
    share = max(MIN_MARGIN_SHARE, min((_room(face) for face in faces.values()), default=1.0))
    side, above, below = THUMBNAIL_MARGINS
    return (share * side, share * above, share * below)


def thumbnail_ui(slot: str, current: state.PhotoInput, from_first: bool, margins: tuple[float, float, float] | None) -> None:
    """A visit's photo in its slot: framed with ``margins`` around its face (both visits alike), or, where that is
    ``None``, as every slot shows a photo (:func:`ui.widgets.thumbnail_ui`)."""
    caption = first_page_caption() if from_first else "Your photo"
    alt = f"The {slot} photo" + (" (the first page's photo)" if from_first else "")
    if margins is None:
        widgets.thumbnail_ui(current, caption, width=220, alt=alt)
        return
    side, above, below = (round(m, 3) for m in margins)  # a cache key: the same margins, the same key
    other = "after" if slot == "before" else "before"  # "cropped to the face" was the lined-up pair's alt too
    widgets.thumbnail_ui(current, caption, width=220, alt=alt, margins=(side, above, below), cropped_alt=f"framed around the face like the {other} photo")


def input_ui() -> None:
    """The two photos: each shown with a replace button, or an uploader and a camera."""
    st.header(PHOTOS_HEADING)  # the page's sections are headings a screen reader can jump to (it had only its title)
    if SLOTS.pop_dropped():
        st.info(AFTER_DROPPED, icon=":material/person_remove:")
    shown = {slot: photo(slot) for slot in ("before", "after")}
    faces = {slot: f for slot, (p, _) in shown.items() if p is not None and isinstance(f := cache.work(p.digest, p.data).face(), viz.Face)}
    margins = thumbnail_margins(faces) if len(faces) == 2 else None
    cols = st.columns(2, gap="large")
    for slot, col in zip(("before", "after"), cols, strict=True):
        with col, st.container(border=True):
            st.markdown(f"**{SLOT_TITLES[slot]}**")
            current, from_first = shown[slot]
            replacing = SLOTS.replacing(slot)
            if current is not None:
                thumbnail_ui(slot, current, from_first, margins)
                # both slots' buttons read "Replace this photo" to a screen reader: each is named for its slot, as the
                # uploaders are ("Upload the before photo"), its visible words first (what a voice command says)
                if replacing:
                    a11y.name_button(f"{KEEP}-{slot}", f"Keep this photo (the {slot} photo)")
                    st.button("Keep this photo", key=f"{KEEP}-{slot}", on_click=SLOTS.keep, args=(slot,), icon=":material/undo:")
                elif not from_first:
                    a11y.name_button(f"{REPLACE}-{slot}", f"Replace this photo (the {slot} photo)")
                    st.button("Replace this photo", key=f"{REPLACE}-{slot}", on_click=SLOTS.replace, args=(slot,), icon=":material/replay:")
                if not from_first:
                    label = remove_label(slot)
                    a11y.name_button(f"{REMOVE}-{slot}", f"{label} (the {slot} photo)")
                    st.button(label, key=f"{REMOVE}-{slot}", on_click=_remove, args=(slot,), icon=":material/delete:")
                    MIRRORED_SETTINGS[slot].ui(presenter=False)  # this photo's own: the first page's photo is set there
            if current is None or from_first or replacing:
                upload_key = SLOTS.widget_key(slot, "upload")
                # the two slots' controls read alike, Tab by Tab ("Upload, Use the camera, Upload, Use the camera"): each
                # says which visit, the uploader's button to a screen reader, the camera switch on screen
                a11y.name_button(upload_key, f"Upload the {slot} photo")
                widgets.photo_slot_ui(
                    upload_label="Use a different before photo" if from_first else "Upload the new photo" if replacing else "Upload a photo",
                    upload_key=upload_key,
                    camera_toggle_key=f"{CAMERA}-{slot}",
                    camera_label="Relaxed face, looking straight into the camera",
                    camera_key=SLOTS.widget_key(slot, "camera"),
                    take=SLOTS.take_widget,
                    args=(slot,),
                    toggle_label=f"Use the camera for the {slot} photo",
                )
            widgets.refused_ui(SLOTS.pop_refused(slot), kept=SLOTS.kept(slot))
    st.caption("Take both photos the same way: relaxed face, head straight, camera at eye level, the same light and distance.")
    dates_ui()


def dates_ui() -> None:
    """An optional date for each visit, kept for the session (shown on the page's table and in its PDF), and beside the
    boxes what was read and why a date was not used or may be wrong."""
    cols = st.columns(2, gap="large")
    for slot, col in zip(("before", "after"), cols, strict=True):
        if DATES[slot] not in st.session_state:  # set, not defaulted: after "New person" the browser's own copy of the
            st.session_state[DATES[slot]] = None  # box would show the last person's date (as Learn's notes box did)
        with col:
            st.date_input(
                f"Date of the {slot} visit (optional)",
                value=None,
                min_value=DATE_RANGE[0],
                max_value=DATE_RANGE[1],
                key=DATES[slot],
                format="DD/MM/YYYY",
                persist_state="session",
                help="Day, month, year (03/11/2026), or pick it from the calendar.",
            )
    # what was read, beside the boxes: a date typed month first (11/17/2026) stayed in its box unread, and the sentence
    # on an after date before the before date stood a screen lower, above the table
    given = dates()
    when, problem = visit_dates(*given)
    doubts = ([f"{problem} Check the two dates."] if problem else []) + date_doubts(*given, today=dt.date.today())
    if doubts:
        st.warning(" ".join(doubts), icon=":material/event_busy:")
    # nothing tells an empty box, or one whose new text was not taken, from one read as shown: what was read is said
    st.caption(f"Dates read: {when}. {UNREAD_DATE}" if when else f"No dates read (both are optional). {UNREAD_DATE}")


def date_doubts(before: dt.date | None, after: dt.date | None, *, today: dt.date) -> list[str]:
    """One sentence for each visit's date later than ``today`` (a typo, most likely: it is still used).

    The server's day may be a day behind the person's (time zones up to 14 hours ahead of it), so a date counts as
    later than today only beyond the day after the server's.

    Examples
    --------
    >>> date_doubts(dt.date(2026, 11, 3), dt.date(2027, 1, 5), today=dt.date(2026, 12, 6))
    ['The after date (5 January 2027) is later than today: check it.']
    >>> date_doubts(dt.date(2026, 11, 3), dt.date(2026, 12, 7), today=dt.date(2026, 12, 6))
    []
    """
    latest = today + dt.timedelta(days=1)
    return [
        f"The {slot} date ({long_date(day)}) is later than today: check it."
        for slot, day in (("before", before), ("after", after))
        if day is not None and day > latest
    ]


def dates() -> tuple[dt.date | None, dt.date | None]:
    """The two visits' dates as given on this page (``None`` where none was given)."""
    given = [st.session_state.get(DATES[slot]) for slot in ("before", "after")]
    before, after = (d if isinstance(d, dt.date) else None for d in given)
    return before, after


#: Said under each photo's "mirrored" switch.
SLOT_MIRRORED_HELP = (
    "Front cameras often save a mirror image. Say so here and left and right are swapped back in this photo only."
    f" {widgets.CAMERA_NOT_MIRRORED} The first page's photo keeps the first page's own setting: change that one there."
)


class PhotoMirrored(MirroredSetting):
    """One visit's "mirrored" switch, for the photo added in its slot; it belongs to that photo.

    A page's setting follows the first page's until it is used (:class:`ui.widgets.MirroredSetting`). For one visit's
    photo that undid the advice for a mirror image (:data:`viz.visits.MIRROR_SUSPECTED`): marking the first page's photo
    mirrored there marked the untouched after photo too, and the pair still read as each other's mirror image. So it is
    off until switched on, and, as the first page's switch, it does not carry over to the next photo in the slot (the
    photo's digest is kept, not a plain on): a selfie's setting would swap the sides of a photo taken as shot. The switch
    itself is the page setting's (:meth:`ui.widgets.MirroredSetting.ui`).
    """

    def __init__(self, slot: str) -> None:
        super().__init__(f"{MIRRORED}-{slot}", f"{MIRRORED_KEPT}-{slot}", f"The {slot} photo is mirrored (selfie mode)", SLOT_MIRRORED_HELP)
        self.slot = slot

    def _digest(self) -> str | None:
        own = SLOTS.get(self.slot)
        return own.digest if own is not None else None

    def value(self) -> bool:
        """Whether the slot's own photo was marked mirrored (kept while other pages are shown)."""
        digest = self._digest()
        return digest is not None and st.session_state.get(self.kept_key) == digest

    def _keep(self) -> None:
        st.session_state[self.kept_key] = self._digest() if st.session_state.get(self.key) else None

    def reset(self) -> None:
        """Forget the switch's setting (the slot's photo was removed with the photo it followed): the same photo added
        again starts as taken, like any new photo."""
        st.session_state.pop(self.kept_key, None)


#: The "mirrored" setting of each photo added on this page, one per visit: a single switch for the page flipped both
#: photos, so an unmarked selfie beside a photo as shot (every change turned the other way round) could not be put right.
MIRRORED_SETTINGS = {slot: PhotoMirrored(slot) for slot in ("before", "after")}


def mirrored_setting() -> tuple[bool, bool]:
    """Whether the photo added on this page for each visit, ``(before, after)``, is marked as a mirrored selfie."""
    return MIRRORED_SETTINGS["before"].value(), MIRRORED_SETTINGS["after"].value()


def measure(mirrored: tuple[bool, bool]) -> CompareReport | None:
    """Detect both photos (once each, in the session's cache) and compare them; explains and returns ``None`` when it cannot.

    ``mirrored`` is ``(before, after)``, each photo's own switch on this page (:func:`mirrored_setting`): it holds for a
    photo added here, not for the first page's photo."""
    missing = [slot for slot in ("before", "after") if photo(slot)[0] is None]
    if missing and state.presenter():
        # presenter mode hides the uploaders: "Add the after photo" with an arrow pointed at nothing
        st.info(widgets.PRESENTER_HINT, icon=":material/co_present:")
    elif missing:
        st.info(f"Add the {' and the '.join(missing)} photo to compare the two visits.", icon=":material/arrow_upward:")
    faces: dict[str, viz.Face] = {}
    digests: dict[str, str] = {}
    flipped: dict[str, bool] = {}
    for slot, slot_mirrored in zip(("before", "after"), mirrored, strict=True):
        current, from_first = photo(slot)
        if current is None:
            continue
        face = cache.work(current.digest, current.data).face()
        if isinstance(face, cache.Failure):
            widgets.failure_ui(face, what=f"{slot.capitalize()} photo", advice=FIRST_PAGE_ADVICE if from_first else REPLACE_ADVICE)
        else:
            faces[slot], digests[slot], flipped[slot] = face, current.digest, photo_mirrored(from_first, slot_mirrored)
    if len(faces) < 2:
        return None
    return comparison(digests["before"], digests["after"], (flipped["before"], flipped["after"]), faces["before"], faces["after"])


def change_rows(report: CompareReport) -> list[dict[str, str]]:
    """Every measure before → after, each with its ±, the change, its uncertainty, the size it must pass to count (three
    times that), whether it does and which side each visit favours in words (:meth:`viz.visits.CompareReport.table_rows`:
    largest first; a measure not taken from one photo last, without numbers, as on the first page; no change where
    nothing is judged)."""
    return [dict(zip(TABLE_COLUMNS, r.cells(), strict=True)) for r in report.table_rows()]  # the PDF's columns too


def results_ui(report: CompareReport) -> None:
    """The identity check, the summary, the aligned photos and the table (the warnings include how each photo was read)."""
    st.header(RESULTS_HEADING)
    for warning in report.warnings:
        if said_by_summary(report, warning):  # the summary below says it, with no verdict (two boxes for one cause)
            continue
        if "same person" in warning:
            st.warning(warning, icon=":material/person_alert:")
        elif warning.endswith(EXPRESSION_NOT_COMPARED):  # a smile in one photo: nothing is judged
            st.warning(warning, icon=":material/sentiment_satisfied:")
        else:
            st.info(warning, icon=":material/lightbulb:")
    if not report.judged:
        smile = report.same_person and not report.same_picture  # no verdict for an expression, not for who is shown
        st.warning(report.summary, icon=":material/sentiment_satisfied:" if smile else ":material/person_alert:")
    elif not report.identity_checked:  # no all-clear for two faces that may be two people's (viz.visits.IDENTITY_UNCHECKED)
        st.warning(report.summary, icon=":material/person_alert:")
    elif report.looks_mirrored or report.shape_mirrored:  # "Check first: … a mirror image": never a green all-clear
        st.warning(report.summary, icon=":material/flip:")
    elif report.beyond or report.less_sure:  # no green "no change" from a head tilted 20°
        st.info(report.summary, icon=":material/compare_arrows:")
    else:
        st.success(report.summary, icon=":material/check_circle:")

    face = report.before.face
    box = face_box(face)
    before_rgb = np.asarray(face.photo.rgb)
    after_rgb = aligned_image(report.after.face, report.alignment, face)  # on the before photo's grid
    before, after = crop(before_rgb, box, SHOW_SIDE), crop(after_rgb, box, SHOW_SIDE)
    # the pictures and how to read them side by side, the table across the page under them: beside the pictures, in
    # three fifths of a 1500 px window, its seven columns wrapped the side in words a few letters a line
    img_col, words_col = st.columns([3, 2], gap="large")
    with img_col:
        if st.toggle("Blink between the two visits", key=BLINK, persist_state="session"):
            marked = [crop(mark(rgb, face, text), box, SHOW_SIDE) for rgb, text in zip((before_rgb, after_rgb), BLINK_MARKS, strict=True)]
            a11y.image(
                blink_gif(*marked),
                alt=f"An animation alternating the before and the after photo, lined up, marked {' and '.join(BLINK_MARKS)}",
                key="visits-blink",
                caption="Before and after, lined up and alternating: what moves is what changed",
            )
        else:
            a, b = phone.side_by_side()  # kept side by side on a phone too
            a11y.image(jpeg(before), alt="The before photo, cropped to the face", key="visits-before", caption="Before", where=a)
            a11y.image(jpeg(after), alt="The after photo, lined up with the before photo", key="visits-after", caption="After, lined up with before", where=b)
    with words_col:
        st.caption(f"Lined up on the eye corners, nose and irises. {PHOTO_LIMITS}")
        st.caption(CHANGE_NOTE)
    when, _problem = visit_dates(*dates())  # the problem is said beside the date boxes (hidden in presenter mode)
    if when:  # the table's heading, as the PDF heads it
        st.markdown(f"**{when}**")
    label = "Change in each measure between the visits" if report.judged else "Each measure in the two visits' photos"
    note = BEYOND_NOTE if report.judged else ""
    table_ui(change_rows(report), key="visits", **(TABLE_OPTIONS | TableOptions(caption=note, label=label)))
    export_ui(report)


def export_ui(report: CompareReport) -> None:
    """One click: the consult report of the later visit with every change since the earlier one (PDF, made in memory when clicked)."""
    st.download_button(
        "Download the consult report with both visits (PDF)",
        # the layers as the first page; the dates as given here
        # the visits' photos, and the first page's that stands in for the before photo: nothing of them once one changed
        data=widgets.from_current_photos(
            functools.partial(consult_pdf, report.after, compare=report, library=cache.library(), layers=state.overlay_layers(), dates=dates()),
            "pdf",
            photos=(PHOTOS, state.PHOTO),
        ),
        file_name=widgets.saved_name("consult-report-visits", "pdf"),
        mime="application/pdf",
        key="visits-report",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help="The later visit's analysis, then every measure before → after with its uncertainty and whether the change is beyond it.",
    )
