"""The governance app's models, one module per area."""

from intercoop.governance.models.audit import AuditEntry, AuditHead
from intercoop.governance.models.decisions import (
    THRESHOLDS,
    Amendment,
    Attachment,
    Comment,
    Decision,
    Option,
    Participation,
    Proposal,
    Proxy,
    RevoteSeal,
    RollEntry,
    SecretBallotCount,
)
from intercoop.governance.models.meetings import Attendance, Meeting
from intercoop.governance.models.notifications import Notification, NotificationPreference
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
