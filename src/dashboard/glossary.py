"""Glossary for readers new to the subject; the story explains the terms it uses.

Each definition states only what its cited page states; the page is linked
wherever the definition is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    sources: tuple[tuple[str, str], ...]  # (publisher, url)
    aliases: tuple[str, ...] = ()

    def pattern(self) -> re.Pattern[str]:
        names = (self.term, *self.aliases)
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


TERMS: tuple[Term, ...] = (
    Term(
        "SSD",
        "Strategic Stability Dialogue: the US–Russia talks on arms control and risk "
        "reduction agreed by Presidents Biden and Putin at their Geneva summit of 16 June "
        "2021. Its plenary rounds met in Geneva on 28 July and 30 September 2021, when two "
        "expert working groups were set up, and in an extraordinary session on 10 January 2022.",
        (("Arms Control Association",
          "https://armscontrol.org/act/2021-11/news/us-russia-establish-strategic-stability-groups"),
         ("U.S. State Department briefing, re-posted by SecurityNews.ro",
          "https://securitynews.ro/deputy-secretary-wendy-r-sherman-on-the-u-s-russia-strategic-"
          "stability-dialogue/")),
        aliases=("Strategic Stability Dialogue",),
    ),
    Term(
        "INF",
        "Intermediate-Range Nuclear Forces Treaty: a US–Soviet treaty of 1987 that banned "
        "land-based missiles with ranges from 500 to 5,500 km. The United States withdrew on "
        "2 August 2019, accusing Russia of deploying a banned missile (the 9M729), which the "
        "Kremlin denies.",
        (("CSIS Missile Threat", "https://missilethreat.csis.org/united-states-withdraws-from-inf-treaty/"),),
        aliases=("INF Treaty",),
    ),
    Term(
        "New START",
        "The US–Russian treaty of 2010 limiting each side to 1,550 deployed strategic nuclear "
        "warheads. The United States extended it in February 2021 until 5 February 2026; on "
        "21 February 2023 Putin announced that Russia was suspending its participation.",
        (("Reuters via National Post", "https://nationalpost.com/pmn/news-pmn/u-s-extends-new-"
          "start-treaty-with-russia-for-five-years-blinken"),
         ("Yahoo News", "https://news.yahoo.com/us-ready-discuss-nuclear-arms-195200457.html")),
    ),
    Term(
        "BTG",
        "Battalion tactical group: a Russian combined-arms unit built around a battalion, "
        "reinforced with tanks, artillery, air defence, engineers and logistics, kept at high "
        "readiness. Sizes given vary: about 600–800 soldiers (Wikipedia) or 700 to 900 "
        "(General Gerasimov, 2016, reported by RIA Novosti).",
        (("Wikipedia", "https://en.wikipedia.org/wiki/Battalion_tactical_group"),
         ("RIA Novosti", "https://ria.ru/20160914/1476912391.html")),
        aliases=("BTGs", "battalion tactical group", "battalion tactical groups"),
    ),
    Term(
        "NRC",
        "NATO–Russia Council: the forum in which the NATO allies and Russia meet as equals, "
        "founded in May 2002.",
        (("University of Defence (Brno), course page", "https://moodle.unob.cz/mod/page/view.php?id=97&lang=en"),),
        aliases=("NATO–Russia Council", "NATO-Russia Council"),
    ),
    Term(
        "OSCE",
        "Organization for Security and Co-operation in Europe: the security forum of "
        "European, Central Asian and North American states, Russia, Ukraine and the United "
        "States among them. Its Permanent Council of ambassadors meets in Vienna; Poland "
        "chaired it in 2022.",
        (("America Times", "https://www.america-times.com/poland-assumes-osce-chair-for-2022/"),),
    ),
    Term(
        "Bucharest formula",
        "NATO's decision at its Bucharest summit of April 2008 that Ukraine and Georgia "
        "will become NATO members, reaffirmed since, including at NATO's Brussels summit "
        "of June 2021.",
        (("Rustavi 2", "https://rustavi2.ge/en/news/215957"),),
        aliases=("Bucharest",),
    ),
    Term(
        "1997 Founding Act",
        "The NATO–Russia Founding Act, signed in Paris on 27 May 1997: a political, not "
        "legally binding, framework in which NATO and Russia stated they do not consider each "
        "other adversaries; NATO undertook not to station additional \"substantial combat "
        "forces\" permanently on new members' territory. Russia's December 2021 draft asks to "
        "return NATO forces to where they stood on 27 May 1997.",
        (("NATO", "https://www.nato.int/cps/en/natohq/official_texts_25470.htm?selectedLocale=en"),
         ("Polish Institute of International Affairs (PISM)", "https://pism.pl/publications/How_Russian_Violations_of_the_1997_Founding_Act_"
        "Influence_NATORussia_Relations"),),
        aliases=("Founding Act", "27 May 1997"),
    ),
    Term(
        "open door",
        "NATO's policy, based on Article 10 of its founding Washington Treaty, of keeping "
        "membership open to any European democracy willing and able to take on its "
        "obligations. NATO reaffirmed it in answer to Russia's demands in January 2022.",
        (("NATO", "https://www.nato.int/docu/update/2008/04-april/e0403h.html"),),
        aliases=("Open Door", "open-door"),
    ),
)


def terms_in(text: str) -> list[Term]:
    """The glossary terms that ``text`` mentions, in glossary order."""
    return [t for t in TERMS if t.pattern().search(text)]
