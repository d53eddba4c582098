"""Learn page: myth or fact, the muscles, the treatment timeline, what toxin can and cannot change, when to
see a doctor, questions for the consult and aftercare — every card with its sources.

Deep links (the contract with the other pages)
----------------------------------------------
The page opens pre-filtered by any of three values, each checked against the content:

- ``region``: a region id of ``viz.content.REGIONS`` (``brows``, ``forehead``, ``eyes``, ``nose``,
  ``mouth``, ``jaw``, ``neck``, ``whole_face``);
- ``muscle``: a muscle id of DESIGN §5 (``frontalis`` ... ``platysma``);
- ``q``: search words, e.g. ``droopy brow``.

Pass them either way:

1. as query parameters::

       st.page_link("ui/pages/learn.py", label="What can relax it, what can't",
                    query_params={"region": "brows", "muscle": "frontalis"})

   (or ``st.switch_page(..., query_params=...)``); ``ui.learn_ui.link_for_measure(measure_id)``
   returns the parameters for a measure id of DESIGN §4;
2. or in session state before switching page::

       st.session_state["learn_filter"] = {"region": "brows", "muscle": "frontalis", "q": ""}

   which is read once and removed, and wins over the query parameters.

Unknown values are left out with a one-line note. While the page is open the URL's ``region``,
``muscle`` and ``q`` follow the filters, so a copied address reopens the same view.

The person's photo, when the analysis page holds one, is read from ``st.session_state["photo"]``
(any object with ``.data`` bytes, e.g. ``ui.state.PhotoInput``) or ``st.session_state["photo_bytes"]``,
with ``st.session_state["mirrored"]``; otherwise the muscle areas are drawn on the sample portrait.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui import learn_ui as lu
from viz.content import MUSCLE_IDS, Card, Library, Muscle, Myth, TopicCard, load
from viz.errors import ContentError
from viz.learn_figures import muscle_area_figure, timeline_figure

st.title("Learn: what a neuromodulator can and cannot do")
st.error(f"**{lu.SAFETY_LINES[0]}** **{lu.SAFETY_LINES[1]}**", icon=":material/emergency:")

try:
    library: Library = load()
except ContentError as exc:
    st.error(f"The learning library could not be loaded: {exc}")
    st.stop()

st.markdown(
    "Plain answers to what people ask about Botox-type treatment for an uneven face: common myths, the muscles involved, "
    "how the effect comes and goes, and what it cannot change. Every card lists the studies behind it."
)

# --- filters ------------------------------------------------------------------------------------
for note in lu.apply_link():
    st.caption(note)

search_col, region_col, muscle_col, clear_col = st.columns([3, 2, 2, 1], vertical_alignment="bottom")
with search_col:
    st.text_input("Search the cards", key=lu.QUERY, placeholder="e.g. droopy brow, jaw slimming, Botox smile", max_chars=100)
with region_col:
    st.selectbox(
        "Face region",
        ["", *lu.REGION_LABELS],
        key=lu.REGION,
        format_func=lambda region: lu.REGION_LABELS.get(region, "All regions"),
    )
with muscle_col:
    st.selectbox(
        "Muscle",
        ["", *MUSCLE_IDS],
        key=lu.MUSCLE,
        format_func=lambda muscle: library.muscles[muscle].name if muscle else "All muscles",
    )
with clear_col:
    st.button("Clear", key=lu.CLEAR, on_click=lu.clear_filters, width="stretch")

active = lu.current_filter()
lu.publish(active)
lu.seed_timeline(active.muscle)

matches: list[Card] = library.search(active.q, region=active.region or None, muscle=active.muscle or None)


def shown(cards: Sequence[Card]) -> list[Card]:
    return lu.keep_matching(cards, matches, active)


if active.active:
    if matches:
        st.info(f"{len(matches)} card{'s' if len(matches) != 1 else ''} match: see the counts on the tabs below.", icon=":material/search:")
    else:
        st.warning("Nothing matches these filters. Try fewer or other words, or clear the filters.", icon=":material/search_off:")

myths = [card for card in shown(library.myths) if isinstance(card, Myth)]
muscles = [card for card in shown(list(library.muscles.values())) if isinstance(card, Muscle)]


def topic_cards(*section_ids: str) -> list[TopicCard]:
    cards = [card for section in section_ids for card in library.topics[section].cards]
    return [card for card in shown(cards) if isinstance(card, TopicCard)]


can_cannot = topic_cards("dynamic_vs_static", "alternatives")
doctor = topic_cards("see_a_doctor")
aftercare = topic_cards("aftercare")
measuring = topic_cards("measuring")


def count(label: str, cards: Sequence[Card]) -> str:
    return f"{label} ({len(cards)})" if active.active else label


tabs = st.tabs(
    [
        count("Myth or fact", myths),
        count("Muscles", muscles),
        "Timeline",
        count("Can and can't", can_cannot),
        count("See a doctor", doctor),
        "Consult checklist",
        count("Aftercare", aftercare),
        count("How we measure", measuring),
    ]
)


def show_sources(card: Card) -> None:
    st.caption(lu.sources_markdown(library.sources_of(card)))


def nothing_here() -> None:
    st.caption("No card here matches the filters.")


# --- myths --------------------------------------------------------------------------------------
with tabs[0]:
    st.subheader("Myth or fact?")
    st.caption("Open a card to see the verdict and why.")
    reveal = active.active and len(myths) <= 3
    for myth in myths:
        badge, colour, icon = lu.VERDICTS[myth.verdict]
        with st.expander(f"“{lu.plain(myth.myth)}”", expanded=reveal):
            st.badge(badge, color=colour, icon=icon)
            st.markdown(f"**The fact:** {lu.plain(myth.fact)}")
            st.markdown(lu.plain(myth.explanation))
            show_sources(myth)
    if not myths:
        nothing_here()

# --- muscles ------------------------------------------------------------------------------------
with tabs[1]:
    st.subheader("The muscles")
    st.caption(
        "What each muscle does, the unevenness it can cause, and what relaxing it can and cannot change. "
        "Dose figures are what studies reported — information only; your injector decides."
    )
    face, photo_note = lu.backdrop()
    if photo_note:
        st.caption(photo_note)
    for muscle in muscles:
        with st.expander(f"{lu.plain(muscle.name)} · {lu.plain(muscle.latin)}", expanded=active.muscle == muscle.id):
            text_col, figure_col = st.columns([3, 2])
            with text_col:
                st.badge(lu.ACTIONS[muscle.action], color="blue")
                st.markdown(f"**What it does.** {lu.plain(muscle.what_it_does)}")
                st.markdown(f"**Unevenness it can cause.** {lu.plain(muscle.asymmetry_it_drives)}")
                st.markdown(f"**What relaxing it changes.** {lu.plain(muscle.relaxing_changes)}")
                st.markdown(f"**When.** {lu.plain(muscle.timing)}")
                st.caption(lu.time_course_line(muscle) + (f" {lu.plain(muscle.time_course.note)}" if muscle.time_course.note else ""))
                st.markdown(f"**What it cannot fix.** {lu.plain(muscle.cannot_fix)}")
                st.markdown("**Cautions**\n\n" + "\n".join(f"- {lu.plain(caution)}" for caution in muscle.cautions))
                st.info(
                    f"**Reported doses — information only; your injector decides.** {lu.plain(muscle.reported_doses)}",
                    icon=":material/info:",
                )
                st.markdown("**What the Preview moves at full effect**\n\n" + "\n".join(f"- {lu.plain(lu.movement_line(move))}" for move in muscle.effect))
            with figure_col:
                if face is None:
                    st.caption("No face was found on the sample portrait, so the area cannot be drawn.")
                else:
                    st.plotly_chart(muscle_area_figure(muscle, face, height=340), key=f"learn_area_{muscle.id}", config={"displayModeBar": False})
                    where = (
                        "the midline"
                        if muscle.midline
                        else "each side (blue: the person's own left, which shows on the right of an unmirrored photo; orange: their right)"
                    )
                    st.caption(f"Approximate area of the {lu.plain(muscle.name.lower())} on {lu.plain(face.label)}, on {where}.")
            show_sources(muscle)
    if not muscles:
        nothing_here()

# --- timeline -----------------------------------------------------------------------------------
with tabs[2]:
    st.subheader("How the effect comes and goes")
    pick_col, repeat_col = st.columns([3, 2])
    with pick_col:
        chosen_ids: list[str] = st.multiselect(
            "Muscles on the chart", list(MUSCLE_IDS), key=lu.TIMELINE, format_func=lambda muscle: library.muscles[muscle].name
        )
    with repeat_col:
        repeat_days: int = st.selectbox(
            "Treatments",
            [0, 120, 180],
            key=lu.REPEAT,
            format_func=lambda days: {0: "One treatment", 120: "Repeated every 4 months", 180: "Repeated every 6 months"}[days],
        )
    chosen = [library.muscles[muscle_id] for muscle_id in chosen_ids]
    jaw_points = library.timeline.fact("masseter_course") if "masseter" in chosen_ids and not repeat_days else None
    st.plotly_chart(
        timeline_figure(chosen, library.sources, measured=jaw_points, repeat_every_days=repeat_days or None),
        key="learn_timeline_chart",
    )
    st.caption(
        "The chart shows the share of each muscle's full effect, not millimetres. The marked days come from the cited studies; "
        "the curve between them is a smooth model, so read it as a guide, not a promise."
        + (" Repeated treatments are drawn as if each one acts on what the earlier ones left working." if repeat_days else "")
    )
    for fact in library.timeline.facts:
        with st.container(border=True):
            st.markdown(f"**{lu.plain(fact.title)}.** {lu.plain(fact.text)}")
            st.caption(lu.sources_markdown([library.sources[source_id] for source_id in fact.sources]))


def topic_section(section_id: str, cards: Sequence[TopicCard], urgent: frozenset[str] = frozenset()) -> None:
    topic = library.topics[section_id]
    st.subheader(lu.plain(topic.title))
    st.markdown(lu.plain(topic.intro))
    for card in [card for card in cards if card.section == section_id]:
        with st.container(border=True):
            if card.id in urgent:
                st.error(f"**{lu.plain(card.title)}.** {lu.plain(card.text)}", icon=":material/emergency:")
            else:
                st.markdown(f"**{lu.plain(card.title)}.** {lu.plain(card.text)}")
            show_sources(card)
    if not any(card.section == section_id for card in cards):
        nothing_here()


with tabs[3]:
    topic_section("dynamic_vs_static", can_cannot)
    topic_section("alternatives", can_cannot)

with tabs[4]:
    topic_section("see_a_doctor", doctor, urgent=frozenset({"sudden_droop", "after_treatment_warning"}))

# --- consult checklist --------------------------------------------------------------------------
with tabs[5]:
    checklist = library.topics["consult_checklist"]
    st.subheader(lu.plain(checklist.title))
    st.markdown(lu.plain(checklist.intro))
    st.markdown("\n".join(f"{number}. **{lu.plain(card.title)}.** {lu.plain(card.text)}" for number, card in enumerate(checklist.cards, start=1)))
    notes = st.text_area("Your own questions or notes (added to the download; kept only for this visit)", key=lu.NOTES, max_chars=2000)
    st.download_button(
        "Download the questions (Markdown)",
        data=lu.checklist_markdown(checklist, library, notes or ""),
        file_name="mirrormap-consult-questions.md",
        mime="text/markdown",
        key=lu.DOWNLOAD,
        icon=":material/download:",
        on_click="ignore",
    )
    cited = [source for card in checklist.cards for source in library.sources_of(card)]
    if cited:
        st.caption(lu.sources_markdown(list(dict.fromkeys(cited))))

with tabs[6]:
    topic_section("aftercare", aftercare)

with tabs[7]:
    topic_section("measuring", measuring)
