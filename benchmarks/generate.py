"""Generate a synthetic fact base of any size that passes the real loader.

    python benchmarks/generate.py 10000 /tmp/facts-10k      # writes facts/ and seeds/ under it

Every source is a synthetic article written to `seeds/` with the real front matter;
every fact quotes one of its sentences verbatim, so quote verification does real work
and finds nothing wrong. Entities have aliases (surnames, titles, alternative
transliterations), topics have synonyms, and facts span many years and several
country pairs. Words follow a Zipf distribution over a realistic political and economic
vocabulary plus a long tail of rare names, so postings lists have realistic lengths.

The output is deterministic for a given size and seed. Standard library only.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import sys
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

FACTS_PER_SOURCE = 20
SCHEMA = "# yaml-language-server: $schema=./schema.json\n"

# Common words of diplomatic and economic news, most frequent first (Zipf ranks).
COMMON_WORDS = """
cooperation development relations side sides countries president minister government
bilateral economic trade strategic partnership project projects region regional support
friendship investment security joint agreement talks visit leaders state heads mutual
important further deepen expand strengthen promote enhance implement advance jointly
international global peace stability prosperity people friendly good neighborly
comprehensive practical fields areas level high new great major key common interests
principle respect equality benefit win-win consensus important progress results
framework mechanism platform dialogue exchanges communication consultation coordination
construction infrastructure transport railway highway corridor logistics connectivity
energy power electricity hydropower solar wind mining minerals gold coal oil gas pipeline
agriculture farm products food wheat cotton livestock water irrigation customs border
checkpoint crossing finance bank banking loans currency settlement budget fund funds
industry industrial park parks factory manufacturing technology science innovation digital
economy internet satellite telecommunications education students universities schools
scholarships training vocational culture cultural heritage arts music film tourism tourists
travel health medical hospitals medicine vaccines media press journalists television youth
women poverty reduction villages rural urban city cities capital province provinces
ministry ministers parliament delegation delegations ambassador embassy consulate
foreign affairs defence defense military police terrorism extremism crime drugs
trafficking cybersecurity law enforcement anniversary ties establishment diplomatic
years decades history historical tradition traditional long-term stable sustainable
green climate environment ecology emissions clean renewable efficiency quality
high-quality modernization reform opening market markets exports imports volume growth
billion million percent increase record target goals plan plans roadmap program
programs initiative initiatives summit forum conference meeting session ceremony
statement declaration memorandum understanding protocol document documents treaty
signed witnessed issued adopted approved launched completed opened inaugurated built
expressed stressed noted said called urged proposed welcomed praised thanked appreciated
reiterated reaffirmed confirmed agreed pledged committed ready willing stands firmly
fully actively closely continuously steadily effectively timely smoothly successfully
""".split()

# Topics: id, name, synonyms (as people type them).
TOPICS = """
trade|Trade|bilateral trade;trading partner;trade volume;exports;imports;commerce
investment|Investment|investors;FDI;foreign direct investment;joint ventures;doing business
railway|Railways|railway;rail;railroad;train;rail link;freight trains
roads|Roads and highways|highway;highways;road construction;motorway;expressway
connectivity|Connectivity|connectivity networks;transport links;transport corridors;logistics
energy|Energy|energy cooperation;power generation;electricity;oil and gas;pipelines
hydropower|Hydropower|hydroelectric;dams;hydro power;hydropower plants
clean-energy|Clean energy|renewable energy;renewables;green energy;solar power;wind power
mining|Mining and minerals|minerals;mining;critical minerals;rare earths;lithium;gold mining
agriculture|Agriculture|agricultural;farm products;farming;food security;crops
water|Water resources|irrigation;water management;transboundary rivers;water supply
customs|Customs|customs clearance;border checkpoints;border crossings;customs cooperation
finance|Finance|financial cooperation;banking;banks;currency swap;loans;local currencies
digital-economy|Digital economy|e-commerce;internet;digital trade;telecommunications;5G
science|Science and technology|S&T;sci-tech;technology;scientific research;innovation
ai|Artificial intelligence|AI;A.I.;machine learning;smart technology
space|Space cooperation|satellites;satellite launch;aerospace;space technology
green-development|Green development|green economy;environment;ecology;climate change
security|Security|security cooperation;stability;defence;defense;law enforcement
counter-terrorism|Counter-terrorism|terrorism;anti-terrorism;counterterrorism;extremism
organized-crime|Organized crime|organised crime;transnational crime;drug trafficking
cybersecurity|Cybersecurity|cyber security;cyberspace;information security;hackers
culture|Culture|cultural exchanges;people-to-people exchanges;arts;heritage
education|Education|students;universities;schools;scholarships;study abroad
vocational|Vocational education|vocational training;skills training;technical training
tourism|Tourism|tourists;travel;tourism cooperation;visa-free travel
health|Health|healthcare;public health;medical;medicine;hospitals;vaccines
media|Media|press;journalism;news media;television;broadcasting
youth|Youth|young people;youth exchanges;youth affairs
poverty|Poverty alleviation|poverty reduction;poverty;anti-poverty;rural development
taiwan|Taiwan|Taiwan question;one-China principle;one China;cross-Strait;Taipei
core-interests|Core interests|major concerns;core interests;red lines
non-interference|Non-interference|internal affairs;external interference;foreign interference
sovereignty|Sovereignty|national sovereignty;territorial integrity;national independence
diplomatic-ties|Diplomatic ties|diplomatic relations;establishment of diplomatic ties;anniversary
partnership|Strategic partnership|comprehensive strategic partnership;strategic partners
belt-and-road|Belt and Road|Belt and Road Initiative;BRI;One Belt One Road;New Silk Road
regional|Regional cooperation|regional affairs;regional stability;regional integration
multilateralism|Multilateralism|multilateral cooperation;international coordination
global-governance|Global governance|global governance system;international order
industrial-parks|Industrial parks|industrial park;special economic zones;free trade zone
""".strip().splitlines()

COUNTRIES = [
    ("china", "China", ["Chinese", "PRC", "People's Republic of China"]),
    ("kyrgyzstan", "Kyrgyzstan", ["Kyrgyz", "Kyrgyz Republic", "Kirghizia"]),
    ("kazakhstan", "Kazakhstan", ["Kazakh", "Republic of Kazakhstan"]),
    ("uzbekistan", "Uzbekistan", ["Uzbek", "Republic of Uzbekistan"]),
    ("azerbaijan", "Azerbaijan", ["Azerbaijani", "Azeri"]),
    ("georgia", "Georgia", ["Georgian", "Sakartvelo"]),
    ("armenia", "Armenia", ["Armenian", "Hayastan"]),
    ("belarus", "Belarus", ["Belarusian", "Byelorussia"]),
]
# The pairs facts are about: China with each partner, and a few among the partners.
PAIRS = [("china", c) for c, _, _ in COUNTRIES[1:]] + [
    ("kyrgyzstan", "kazakhstan"), ("kyrgyzstan", "uzbekistan"), ("kazakhstan", "uzbekistan")]
CITIES = {
    "china": ["Beijing|Peking", "Shanghai", "Xi'an|Xian", "Urumqi|Urumchi", "Kashgar|Kashi"],
    "kyrgyzstan": ["Bishkek|Frunze", "Osh", "Cholpon-Ata|Cholpon Ata", "Naryn", "Karakol"],
    "kazakhstan": ["Astana|Nur-Sultan", "Almaty|Alma-Ata", "Shymkent|Chimkent"],
    "uzbekistan": ["Tashkent|Toshkent", "Samarkand|Samarqand", "Bukhara|Buxoro"],
    "azerbaijan": ["Baku|Baki", "Ganja|Gyandzha"],
    "georgia": ["Tbilisi|Tiflis", "Batumi|Batum"],
    "armenia": ["Yerevan|Erevan", "Gyumri|Leninakan"],
    "belarus": ["Minsk|Mensk", "Brest|Brest-Litovsk"],
}
ORGANISATIONS = [
    ("sco", "Shanghai Cooperation Organization", ["SCO", "Shanghai Cooperation Organisation"]),
    ("united-nations", "United Nations", ["UN", "U.N."]),
    ("cica", "Conference on Interaction and Confidence-Building Measures in Asia", ["CICA"]),
    ("eaeu", "Eurasian Economic Union", ["EAEU", "Eurasian Union"]),
    ("cis", "Commonwealth of Independent States", ["CIS"]),
    ("brics", "BRICS", ["BRICS Plus"]),
    ("aiib", "Asian Infrastructure Investment Bank", ["AIIB"]),
    ("c-c5", "China-Central Asia mechanism", ["China-Central Asia Summit", "C+C5"]),
]
TITLES = {"president": "President", "premier": "Prime Minister", "fm": "Foreign Minister",
          "trade": "Minister of Economy", "speaker": "Speaker of Parliament"}
STANCES = ("assessment", "commitment", "proposal", "support", "opposition")
ONSETS = "b d g k l m n p r s t v z ch sh zh kh ts y j".split()
VOWELS = "a e i o u a e o".split()
CODAS = ["", "", "n", "r", "l", "k", "s", "t", "m", "v", "y"]
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


@dataclass
class _World:
    rng: random.Random
    people: list[dict] = field(default_factory=list)
    people_of: dict[str, list[int]] = field(default_factory=dict)
    places: list[dict] = field(default_factory=list)
    places_of: dict[str, list[str]] = field(default_factory=dict)
    topics: list[dict] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)
    cumulative: list[float] = field(default_factory=list)

    def word(self) -> str:
        point = self.rng.random() * self.cumulative[-1]
        return self.vocabulary[bisect.bisect(self.cumulative, point)]

    def words(self, n: int) -> str:
        return " ".join(self.word() for _ in range(n))


def _syllables(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                   for _ in range(count))


def _unique_names(rng: random.Random, n: int, syllables: tuple[int, int],
                  taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < n:
        name = _syllables(rng, rng.randint(*syllables))
        if len(name) >= 5 and name not in taken:
            taken.add(name)
            names.append(name)
    return names


def _build_world(n_facts: int, seed: int) -> _World:
    rng = random.Random(seed)
    world = _World(rng)
    taken = set(COMMON_WORDS)
    n_people = max(12, min(2000, n_facts // 40))
    first = _unique_names(rng, 200, (2, 2), taken)
    last = _unique_names(rng, n_people, (2, 3), taken)
    for i, surname in enumerate(last):
        country = COUNTRIES[i % len(COUNTRIES)][0]
        given = first[i % len(first)].capitalize()
        surname_c = surname.capitalize()
        role = list(TITLES)[(i // len(COUNTRIES)) % len(TITLES)]
        title = TITLES[role]
        variant = surname_c.replace("zh", "j").replace("Zh", "J") if "zh" in surname.lower() \
            else surname_c.replace("j", "zh").replace("J", "Zh") if "j" in surname.lower() \
            else surname_c + "ov"
        aliases = [surname_c, f"{title} {surname_c}", f"{given} {variant}", variant]
        person_id = f"{given.lower()}-{surname}"
        world.people.append({"id": person_id, "name": f"{given} {surname_c}",
                             "aliases": list(dict.fromkeys(a for a in aliases
                                                           if a != f"{given} {surname_c}")),
                             "country": country, "role": title})
        world.people_of.setdefault(country, []).append(i)
    for country, cities in CITIES.items():
        for city in cities:
            name, *aliases = city.split("|")
            place_id = name.lower().replace("'", "").replace(" ", "-")
            world.places.append({"id": place_id, "name": name, "aliases": aliases,
                                 "country": country})
            world.places_of.setdefault(country, []).append(place_id)
    for line in TOPICS:
        topic_id, name, synonyms = line.split("|")
        world.topics.append({"id": topic_id, "name": name, "synonyms": synonyms.split(";")})
    # Zipf over common words first, then a long tail of rare words (project names, places).
    rare = _unique_names(rng, max(2000, n_facts // 2), (2, 4), taken)
    world.vocabulary = COMMON_WORDS + rare
    world.cumulative = list(accumulate(1.0 / (rank + 1) ** 1.05
                                       for rank in range(len(world.vocabulary))))
    return world


def _date(rng: random.Random) -> tuple[str, str]:
    """(published, fact date): the fact happened on the day published, or only its month."""
    year = rng.randint(2000, 2024)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    published = f"{year}-{month:02d}-{day:02d}"
    return published, (published if rng.random() < 0.85 else published[:7])


def _sentence(world: _World, kind: str, people: list[dict], topic: dict, place: dict | None,
              serial: int) -> str:
    rng = world.rng
    a, b = people[0], people[1] if len(people) > 1 else people[0]
    where = f" in {rng.choice([place['name'], *place['aliases']])}" if place else ""
    about = rng.choice([topic["name"].lower(), *topic["synonyms"]])
    day = rng.choice(WEEKDAYS)
    filler = world.words(rng.randint(6, 14))
    if kind == "meeting":
        return (f"{a['role']} {rng.choice([a['name'], *a['aliases'][:1]])} met with "
                f"{b['role']} {b['name']}{where} on {day}, and the two discussed {about} "
                f"and {filler}.")
    if kind == "agreement":
        return (f"The two sides signed a memorandum on {about}{where}, witnessed by "
                f"{a['name']}, covering {filler}.")
    verb = rng.choice(["said", "stressed", "noted", "called for", "pledged", "proposed"])
    return (f"{rng.choice([a['name'], *a['aliases'][:2]])} {verb} that {about} matters, "
            f"urging {filler}{where}.")


def _entry(entity_id: str, name: str, key: str, names: list[str] | tuple[str, ...]) -> list[str]:
    """The YAML lines of one entity with its other names under `key`."""
    return [f"  - id: {entity_id}", f"    name: {_q(name)}",
            f"    {key}: [{', '.join(_q(n) for n in names)}]"]


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _ids(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def generate(out_dir: Path, n_facts: int, seed: int = 0) -> tuple[Path, Path]:
    """Write `out_dir/facts` and `out_dir/seeds` holding `n_facts` facts; return both folders."""
    out_dir = Path(out_dir)
    facts_dir, seeds_dir = out_dir / "facts", out_dir / "seeds"
    facts_dir.mkdir(parents=True, exist_ok=True)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    world = _build_world(n_facts, seed)
    rng = world.rng
    used: dict[str, set[str]] = {s: set() for s in ("people", "places", "topics", "countries",
                                                     "organisations")}
    serial = 0
    for source_no in range((n_facts + FACTS_PER_SOURCE - 1) // FACTS_PER_SOURCE):
        count = min(FACTS_PER_SOURCE, n_facts - source_no * FACTS_PER_SOURCE)
        published, fact_date = _date(rng)
        pair = PAIRS[source_no % len(PAIRS)]
        host = rng.choice(pair)
        place_id = rng.choice(world.places_of[host])
        place = next(p for p in world.places if p["id"] == place_id)
        source_id = f"wire-{published}-{source_no:06d}"
        sentences: list[str] = [f"{world.words(8).capitalize()}."]
        entries: list[str] = []
        meeting_id = None
        seen: set[str] = set()
        seen_quotes: set[str] = set()
        for n in range(count):
            serial += 1
            kind = "meeting" if n == 0 else rng.choice(("agreement", "position", "position"))
            people = [world.people[rng.choice(world.people_of[c])] for c in pair]
            topics = rng.sample(world.topics, rng.randint(1, 3))
            in_place = place if rng.random() < 0.7 else None
            sentence = _sentence(world, kind, people, topics[0], in_place, serial)
            while sentence in seen:  # every quote unique within its source
                sentence = _sentence(world, kind, people, topics[0], in_place, serial)
            seen.add(sentence)
            sentences.append(sentence)
            if rng.random() < 0.5:
                sentences.append(f"{world.words(rng.randint(8, 20)).capitalize()}.")
            # Quote the whole sentence, or a verbatim part of it.
            quote = sentence if rng.random() < 0.6 else sentence[: sentence.index(" and ")] \
                if " and " in sentence else sentence
            if quote in seen_quotes:
                quote = sentence
            seen_quotes.add(quote)
            slug = f"{kind[:3]}-{serial}"
            fact_id = f"{kind}-{fact_date}-{slug}"
            lines = [f"  - id: {fact_id}", f"    kind: {kind}", f"    date: {_q(fact_date)}",
                     f"    summary: {_q(quote.rstrip('.') + ' (summary).')}"]
            if in_place:
                lines.append(f"    place: {place['id']}")
                used["places"].add(place["id"])
            topic_ids = [t["id"] for t in topics]
            used["topics"].update(topic_ids)
            person_ids = [p["id"] for p in people]
            if kind == "meeting":
                meeting_id = fact_id
                lines += [f"    participants: {_ids(person_ids)}",
                          f"    topics: {_ids(topic_ids)}"]
                if rng.random() < 0.3:
                    lines.append(f"    venue: {_q(world.words(2).title() + ' Hall')}")
                used["people"].update(person_ids)
            elif kind == "agreement":
                lines += [f"    document: {_q('memorandum on ' + topics[0]['name'].lower())}",
                          f"    parties: {_ids(list(pair))}",
                          f"    witnessed_by: {_ids(person_ids[:1])}",
                          f"    fields: {_ids(topic_ids[:1])}",
                          f"    topics: {_ids(topic_ids)}"]
                used["people"].add(person_ids[0])
                used["countries"].update(pair)
                if meeting_id:
                    lines.append(f"    meeting: {meeting_id}")
            else:
                speaker = people[0]
                lines += [f"    speaker: {speaker['id']}", f"    side: {speaker['country']}",
                          f"    stance: {rng.choice(STANCES)}", f"    topics: {_ids(topic_ids)}"]
                used["people"].add(speaker["id"])
                used["countries"].add(speaker["country"])
                if meeting_id:
                    lines.append(f"    meeting: {meeting_id}")
            if rng.random() < 0.15:
                org = rng.choice(ORGANISATIONS)[0]
                lines.append(f"    organisations: [{org}]")
                used["organisations"].add(org)
            lines += ["    quotes:", f"      - source: {source_id}", f"        text: {_q(quote)}"]
            entries.append("\n".join(lines))
        headline = f"{world.words(6).capitalize()}"
        (seeds_dir / f"{source_id}.txt").write_text(
            f"---\nid: {source_id}\nheadline: {_q(headline)}\npublisher: Synthetic Wire\n"
            f"dateline: {_q(place['name'])}\npublished: {published}\n---\n"
            + "\n".join(sentences) + "\n", encoding="utf-8")
        (facts_dir / f"{source_id}.yaml").write_text(
            f"{SCHEMA}# Facts from synthetic source {source_id}\nfacts:\n"
            + "\n\n".join(entries) + "\n",
            encoding="utf-8")
    _write_entities(facts_dir / "entities.yaml", world, used)
    return facts_dir, seeds_dir


def _write_entities(path: Path, world: _World, used: dict[str, set[str]]) -> None:
    countries_used = used["countries"] | {p["country"] for p in world.people
                                         if p["id"] in used["people"]}
    out = [SCHEMA.rstrip("\n"), "people:"]
    for person in world.people:
        if person["id"] in used["people"]:
            out += [f"  - id: {person['id']}", f"    name: {_q(person['name'])}",
                    f"    aliases: [{', '.join(_q(a) for a in person['aliases'])}]",
                    f"    country: {person['country']}", f"    role: {_q(person['role'])}"]
    out.append("countries:")
    for country_id, name, aliases in COUNTRIES:
        if country_id in countries_used or any(
                p["country"] == country_id for p in world.places if p["id"] in used["places"]):
            out += _entry(country_id, name, "aliases", aliases)
    out.append("places:")
    for place in world.places:
        if place["id"] in used["places"]:
            out += [*_entry(place["id"], place["name"], "aliases", place["aliases"]),
                    f"    country: {place['country']}"]
    out.append("organisations:")
    for org_id, name, aliases in ORGANISATIONS:
        if org_id in used["organisations"]:
            out += _entry(org_id, name, "aliases", aliases)
    out.append("topics:")
    for topic in world.topics:
        if topic["id"] in used["topics"]:
            out += _entry(topic["id"], topic["name"], "synonyms", topic["synonyms"])
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def sample_names(n_facts: int, seed: int = 0) -> dict[str, list[str]]:
    """Names a benchmark can ask about: people's names and aliases, places, topics' synonyms."""
    world = _build_world(n_facts, seed)
    return {
        "people": [p["name"] for p in world.people],
        "surnames": [p["aliases"][0] for p in world.people],
        "aliases": [p["aliases"][-1] for p in world.people],
        "places": [p["name"] for p in world.places],
        "place_aliases": [a for p in world.places for a in p["aliases"]],
        "topics": [t["name"] for t in world.topics],
        "synonyms": [s for t in world.topics for s in t["synonyms"]],
        "words": world.vocabulary[:400],
        "rare": world.vocabulary[len(COMMON_WORDS):len(COMMON_WORDS) + 400],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("facts", type=int, help="how many facts")
    parser.add_argument("out", type=Path, help="folder to write facts/ and seeds/ into")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    facts_dir, seeds_dir = generate(args.out, args.facts, args.seed)
    print(f"wrote {args.facts} facts: --facts {facts_dir} --seeds {seeds_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def spoil(word: str, rng: random.Random) -> str:
    """A typo: swap two neighbouring letters, drop one, or double one."""
    if len(word) < 5:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 2)
    return rng.choice([word[:i] + word[i + 1] + word[i] + word[i + 2:],
                       word[:i] + word[i + 1:], word[:i] + word[i] + word[i:]])
