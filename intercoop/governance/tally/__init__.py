"""The tally engine: pure Python and NumPy, no Django.

Methods (each takes a collapsed profile and returns a :class:`TallyResult`):

========================  =========================================  ======
method                    module                                     input
========================  =========================================  ======
``plurality``             :mod:`~intercoop.governance.tally.simple`   CSV
``approval``              :mod:`~intercoop.governance.tally.simple`   CSV
``score``                 :mod:`~intercoop.governance.tally.simple`   CSV
``irv``                   :mod:`~intercoop.governance.tally.irv`      BLT
``stv-scottish``          :mod:`~intercoop.governance.tally.scottish` BLT
``stv-meek``              :mod:`~intercoop.governance.tally.meek`     BLT
``schulze``               :mod:`~intercoop.governance.tally.schulze`  BLT
========================  =========================================  ======

Ties are broken as :mod:`~intercoop.governance.tally.ties` describes. Blank ballots (naming no
candidate) are counted in ``blank`` and count toward no candidate and, for STV, not toward the
quota. See ``docs/tally.md``.
"""

from intercoop.governance.tally.blt import read_blt, write_blt
from intercoop.governance.tally.csvformat import read_csv, write_csv
from intercoop.governance.tally.errors import TallyError
from intercoop.governance.tally.irv import irv
from intercoop.governance.tally.meek import stv_meek
from intercoop.governance.tally.methods import METHODS, count
from intercoop.governance.tally.profile import ChoiceProfile, RankedProfile
from intercoop.governance.tally.result import TallyResult
from intercoop.governance.tally.schulze import schulze
from intercoop.governance.tally.scottish import stv_scottish
from intercoop.governance.tally.simple import approval, plurality, score

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
