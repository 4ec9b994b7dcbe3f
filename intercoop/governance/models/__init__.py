"""The governance app's models, one module per area, as its services, selectors, views and forms:
``register``, ``proposals``, ``decisions``, ``meetings``, with ``notifications`` and ``audit``."""

from intercoop.governance.models.audit import AuditEntry, AuditHead
from intercoop.governance.models.decisions import (
    THRESHOLDS,
    Decision,
    Option,
    Participation,
    RevoteSeal,
    RollEntry,
    SecretBallotCount,
)
from intercoop.governance.models.meetings import Attendance, Meeting, Proxy
from intercoop.governance.models.notifications import Notification, NotificationPreference
from intercoop.governance.models.proposals import Amendment, Attachment, Comment, Proposal
from intercoop.governance.models.register import (
    Member,
    MemberStatusChange,
    Preset,
    RuleSet,
    VotingCollege,
)

__all__ = [
    "THRESHOLDS",
    "Amendment",
    "Attachment",
    "Attendance",
    "AuditEntry",
    "AuditHead",
    "Comment",
    "Decision",
    "Meeting",
    "Member",
    "MemberStatusChange",
    "Notification",
    "NotificationPreference",
    "Option",
    "Participation",
    "Preset",
    "Proposal",
    "Proxy",
    "RevoteSeal",
    "RollEntry",
    "RuleSet",
    "SecretBallotCount",
    "VotingCollege",
]
