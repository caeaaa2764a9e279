"""Romanisation variants: keys under which differently spelt forms of one name meet.

Two keys, from strong to weak evidence:
- a *variant group* for well-known names whose spellings differ between Turkish, Arabic,
  Persian, Russian and English sources (Mehmet / Muhammad / Mohammed / Mukhammed);
- a *consonant skeleton* (vowels dropped, digraphs simplified, final devoicing) that
  catches the long tail of vowel-only differences (Husayn / Hussein / Hüseyin).
The skeleton is deliberately coarse (Hasan and Hüseyin share one), so the matcher gives
it a lower similarity than a group or a one-letter typo.
"""

from __future__ import annotations

from functools import lru_cache

_GROUPS = """
muhammad mohammad mohammed muhammed mohamed mohamad muhamad muhamed mehmet mehmed
 mukhammad mukhammed magomed mohd mohammod mouhamed mahomed
ahmad ahmed ahmet akhmad akhmed achmed ahmat
mahmud mahmoud mahmut makhmud mahmood
mustafa mustapha moustafa mostafa mustafo
husayn hussein husein hussain husain huseyin hosein hossein gusein
hasan hassan hasen gasan hassen
ali aly alee
umar omar omer oumar
uthman othman osman usman usmon
abdlah abdulah abdulla abdalla abdella
ibrahim ebrahim ibragim brahim
ismail ismael ismayil esmail smail
suleyman sulaiman suleiman sulayman soliman sulejman
yusuf yousef yousuf youssef yusif jusuf iusuf
yakub yaqub yacoub jakub yakup yaakub
khalid khaled halit halid chalid
ramazan ramadan ramzan ramadhan
hamza hamzah hamze
said sayid saeed sayed saied seyit seyyid
zaynab zeynep zainab zeinab
fatima fatma fatimah fatemeh
aisha ayse aysha aicha ayesha
khadija hatice khadijah hadice
osama usama usamah
jamal cemal gamal djamal
jihad cihad djihad
rashid rasid reshat rachid
tariq tarik tarek
karim kerim kareem
nasir nasser nassir naser
abu ebu
yunus younis younes yunis
musa moussa mousa
isa issa eesa
salih saleh salikh
sergei sergey serguei
aleksandr alexander aleksander alexandre iskender
dmitri dmitry dmitriy
yuri yury iurii
"""

_VARIANT_GROUP: dict[str, str] = {
    spelling: line.split()[0]
    for line in _GROUPS.replace("\n ", " ").strip().splitlines()
    for spelling in line.split()
}

_DIGRAPHS = (
    ("shch", "s"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("dh", "d"),
    ("sh", "s"), ("ch", "c"), ("zh", "j"), ("dj", "c"), ("dzh", "c"), ("ck", "k"),
    ("ts", "c"), ("j", "c"), ("q", "k"), ("w", "v"), ("x", "ks"),
)
_VOWELS = frozenset("aeiouy")
_FINAL_DEVOICING = {"d": "t", "b": "p", "g": "k"}
MIN_SKELETON_LENGTH = 3


def variant_group(token: str) -> str | None:
    """The canonical spelling of a well-known name, or None if the token is not listed."""
    return _VARIANT_GROUP.get(token)


@lru_cache(maxsize=65536)
def consonant_skeleton(token: str) -> str | None:
    """A vowel-free key for ASCII `token`; None when too short to be meaningful."""
    key = token
    for digraph, replacement in _DIGRAPHS:
        key = key.replace(digraph, replacement)
    first = "a" if key[:1] in _VOWELS - {"y"} else key[:1]
    consonants = [first]
    for char in key[1:]:
        if char not in _VOWELS and char != consonants[-1]:
            consonants.append(char)
    if len(consonants) > 1:
        consonants[-1] = _FINAL_DEVOICING.get(consonants[-1], consonants[-1])
    skeleton = "".join(consonants)
    return skeleton if len(skeleton) >= MIN_SKELETON_LENGTH else None
