"""The steering group's report for one period, as it may be shown outside the staff team.

Being written now by the figures work; see the contract in the reporting issue.
"""

from cocreation.lib.periods import Period


def report_for(period: Period) -> dict:
    raise NotImplementedError
