"""The tally engine: pure Python and NumPy, no Django.

Methods (each takes a collapsed profile and returns a :class:`TallyResult`):

========================  =========================================  ======
method                    module                                     input
========================  =========================================  ======
``plurality``             :mod:`~intercoop_tools.tally.simple`   CSV
``approval``              :mod:`~intercoop_tools.tally.simple`   CSV
``score``                 :mod:`~intercoop_tools.tally.simple`   CSV
``irv``                   :mod:`~intercoop_tools.tally.irv`      BLT
``stv-scottish``          :mod:`~intercoop_tools.tally.scottish` BLT
``stv-meek``              :mod:`~intercoop_tools.tally.meek`     BLT
``schulze``               :mod:`~intercoop_tools.tally.schulze`  BLT
========================  =========================================  ======

Ties are broken as :mod:`~intercoop_tools.tally.ties` describes. Blank ballots (naming no
candidate) are counted in ``blank`` and count toward no candidate and, for STV, not toward the
quota. See ``docs/tally.md``.
"""

from intercoop_tools.tally.blt import read_blt, write_blt
from intercoop_tools.tally.csvformat import read_csv, write_csv
from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.irv import irv
from intercoop_tools.tally.meek import stv_meek
from intercoop_tools.tally.methods import METHODS, count
from intercoop_tools.tally.profile import ChoiceProfile, RankedProfile
from intercoop_tools.tally.result import TallyResult
from intercoop_tools.tally.schulze import schulze
from intercoop_tools.tally.scottish import stv_scottish
from intercoop_tools.tally.simple import approval, plurality, score

__all__ = [
    "METHODS",
    "ChoiceProfile",
    "RankedProfile",
    "TallyError",
    "TallyResult",
    "approval",
    "count",
    "irv",
    "plurality",
    "read_blt",
    "read_csv",
    "schulze",
    "score",
    "stv_meek",
    "stv_scottish",
    "write_blt",
    "write_csv",
]
