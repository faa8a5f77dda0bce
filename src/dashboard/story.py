"""Story mode: the key moments, in order, in plain language, with the records behind them.

Every fact in a step's text is stated by the records it lists (and their
sources); tests check that those records exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard import glossary


@dataclass(frozen=True)
class Step:
    title: str
    start: date
    end: date
    text: str
    record_ids: tuple[str, ...]
    key_meeting: str = ""  # the meeting labelled on the talks-vs-troops chart …
    label: str = ""  # … with this short label

    def terms(self) -> list[glossary.Term]:
        """Glossary terms the step's text uses, explained where they appear."""
        return glossary.terms_in(self.text)


STEPS: tuple[Step, ...] = (
    Step(
        "Spring 2021: the first buildup",
        date(2021, 3, 30), date(2021, 4, 22),
        "In March and April 2021 Russia moved large forces towards Ukraine's borders and into "
        "Crimea. Ukraine's defence minister spoke of 110,000 troops; the EU's foreign-policy "
        "chief first said 150,000, then corrected himself to more than 100,000. Biden called "
        "Putin on 13 April and proposed a summit. On 22 April Russia's defence minister said "
        "the snap checks had reached their goals and the troops would return to base.",
        ("est-003", "est-004", "est-005", "m-20210413-biden-putin-call", "s-ru-068"),
        key_meeting="m-20210413-biden-putin-call", label="Biden–Putin call",
    ),
    Step(
        "Preparing a summit",
        date(2021, 5, 19), date(2021, 5, 24),
        "The foreign ministers, Blinken and Lavrov, met for the first time in Reykjavik, and "
        "the national security advisers, Sullivan and Patrushev, met in Geneva to prepare a "
        "meeting of the two presidents.",
        ("m-20210519-blinken-lavrov-reykjavik", "m-20210524-sullivan-patrushev-geneva"),
        key_meeting="m-20210519-blinken-lavrov-reykjavik", label="Reykjavik",
    ),
    Step(
        "Geneva summit, 16 June 2021",
        date(2021, 6, 16), date(2021, 6, 16),
        "Biden and Putin met in Geneva. Both spoke of differences but a will to talk; they "
        "issued a joint statement on strategic stability and agreed to launch a Strategic "
        "Stability Dialogue on arms control and risk reduction.",
        ("m-20210616-geneva-summit", "s-us-007", "s-ru-001"),
        key_meeting="m-20210616-geneva-summit", label="Geneva summit",
    ),
    Step(
        "The SSD begins",
        date(2021, 7, 28), date(2021, 9, 30),
        "Delegations led by Deputy Secretary of State Wendy Sherman and Deputy Foreign "
        "Minister Sergei Ryabkov held the first two rounds of the SSD in Geneva, in July and "
        "September, and set up two expert working groups.",
        ("m-20210728-ssd-geneva", "m-20210930-ssd-geneva"),
        key_meeting="m-20210728-ssd-geneva", label="SSD round 1",
    ),
    Step(
        "Autumn: envoys to Moscow, troops return",
        date(2021, 10, 12), date(2021, 11, 18),
        "Under Secretary Victoria Nuland and CIA Director William Burns went to Moscow. "
        "Ukraine's defence ministry, citing military intelligence, counted about 90,000 "
        "Russian troops near its borders in early November. On 18 November Putin spoke of "
        "the \"red lines\" Russia keeps raising with the West.",
        ("m-20211012-nuland-moscow", "m-20211102-burns-moscow", "est-009", "s-ru-003"),
        key_meeting="m-20211102-burns-moscow", label="Burns in Moscow",
    ),
    Step(
        "December warnings and the video call",
        date(2021, 12, 2), date(2021, 12, 7),
        "Blinken and Lavrov met in Stockholm. US intelligence, as reported on 3 December, saw "
        "Russia planning for up to 175,000 troops and about 100 battalion tactical groups "
        "(BTGs). On 7 December Biden and Putin held a two-hour video call.",
        ("m-20211202-blinken-lavrov-stockholm", "est-013", "m-20211207-biden-putin-video"),
        key_meeting="m-20211207-biden-putin-video", label="Video call",
    ),
    Step(
        "Russia puts its demands in writing",
        date(2021, 12, 15), date(2021, 12, 17),
        "On 15 December Russia handed Assistant Secretary Karen Donfried two drafts: a treaty "
        "with the United States and an agreement with NATO. Published on 17 December, they "
        "ask NATO to stop enlarging, Ukraine included, and to pull its forces back to where "
        "they stood on 27 May 1997, the date of the 1997 Founding Act.",
        ("m-20211215-donfried-moscow", "dem-us-art4", "dem-nato-art4", "dem-nato-art6",
         "s-ru-010"),
        key_meeting="m-20211215-donfried-moscow", label="Drafts handed over",
    ),
    Step(
        "A second call before the talks",
        date(2021, 12, 23), date(2021, 12, 30),
        "At his year-end press conference Putin said it was the United States that had come "
        "to Russia's borders with its missiles. On 30 December he and Biden spoke by phone "
        "ahead of the January talks.",
        ("s-ru-015", "m-20211230-biden-putin-call"),
        key_meeting="m-20211230-biden-putin-call", label="Biden–Putin call",
    ),
    Step(
        "The January week of talks",
        date(2022, 1, 9), date(2022, 1, 13),
        "Three meetings in four days: an extraordinary SSD session in Geneva on 10 January, "
        "the NRC in Brussels on 12 January and the OSCE Permanent Council in Vienna on "
        "13 January. The United States offered talks on missile placement and exercises and "
        "refused to close NATO's open door; Russia said it had no intention of invading "
        "Ukraine and wanted legally binding guarantees.",
        ("m-20220110-ssd-extraordinary", "m-20220112-nrc-brussels", "m-20220113-osce-pc-vienna",
         "s-us-002", "s-us-039", "s-ru-024", "s-ru-030"),
        key_meeting="m-20220110-ssd-extraordinary", label="SSD · NRC · OSCE",
    ),
    Step(
        "Geneva again, and the written answers",
        date(2022, 1, 21), date(2022, 1, 26),
        "Blinken and Lavrov met in Geneva on 21 January and agreed that Russia would receive "
        "written answers. On 26 January the United States and NATO delivered them: no to "
        "closing the open door, yes to talks on arms control, missiles, exercises and "
        "transparency.",
        ("m-20220121-blinken-lavrov-geneva", "s-ru-041", "m-20220126-us-written-response-moscow",
         "s-us-016", "s-nato-009"),
        key_meeting="m-20220121-blinken-lavrov-geneva", label="Blinken–Lavrov",
    ),
    Step(
        "February: leaders' visits and the last call",
        date(2022, 2, 7), date(2022, 2, 15),
        "President Macron went to Moscow on 7 February and Chancellor Scholz on 15 February. "
        "Biden and Putin spoke by phone on 12 February; Biden then put the Russian force at "
        "more than 150,000 troops.",
        ("m-20220207-macron-putin-moscow", "m-20220212-biden-putin-call",
         "m-20220215-scholz-putin-moscow", "est-029"),
        key_meeting="m-20220212-biden-putin-call", label="Last Biden–Putin call",
    ),
    Step(
        "Russia's reply, 17 February",
        date(2022, 2, 17), date(2022, 2, 18),
        "Russia answered the US paper: the United States had not given a constructive answer "
        "to the basic elements of its drafts. A day later the US ambassador to the OSCE put "
        "the force at 169,000 to 190,000, counting Belarus, Crimea, the National Guard and "
        "the separatist forces.",
        ("s-ru-057", "s-ru-056", "est-034"),
    ),
    Step(
        "Recognition and invasion",
        date(2022, 2, 21), date(2022, 2, 24),
        "On 21 February Putin recognised the self-proclaimed republics in eastern Ukraine; "
        "the EU called it a blatant violation of international law. On 24 February Russia "
        "invaded Ukraine; NATO's Secretary General condemned a reckless and unprovoked attack.",
        ("s-ru-058", "s-oth-021", "s-ru-060", "s-nato-016"),
    ),
)


def key_meetings() -> dict[str, str]:
    """Meeting id -> short label, for the steps that carry a label."""
    return {step.key_meeting: step.label for step in STEPS if step.key_meeting}
