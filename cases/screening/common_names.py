"""Given names and surnames so frequent that matching one says little about identity.

A list's own statistics cannot know that "Mehmet" and "Yılmaz" are everywhere in the
customer base: a sanctions list may hold only a handful. These tokens get a prior
frequency (see `ScreeningSettings.common_name_share`) on top of what the list shows.
ASCII-folded; Arabic names by their variant-group key (see `variants.py`).
"""

from __future__ import annotations

_WORDS = """
mehmet muhammad mustafa ahmad ali husayn hasan ibrahim ismail osman uthman yusuf murat
umar ramazan halil suleyman abdlah mahmud salih kemal recep emre burak fatih hakan serkan
fatima ayse aisha emine hatice khadija zeynep zaynab elif meryem sultan yasemin leyla
khalid said abu musa isa jamal karim nasir tariq rashid hamza usama yunus
yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic
aslan cetin kara koc kurt ozkan simsek polat ozcan korkmaz cakir erdogan yavuz can acar
sen aktas guler yalcin gunes bozkurt bulut keskin unal turan gul ozer isik kaplan avci
sari tekin tas kose yuksel ates aksoy
khan shah hussain malik iqbal rahman abdrahman
ivanov smirnov kuznetsov popov petrov sokolov ivan sergei aleksandr dmitri andrei vladimir
john james michael david robert william maria anna smith johnson brown garcia martin
muller schmidt schneider fischer weber meyer wagner rossi russo nguyen wang li zhang chen
"""

COMMON_NAME_TOKENS = frozenset(_WORDS.split())
