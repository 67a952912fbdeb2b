"""Typed errors of the rules app (all DomainError subclasses, Chinese messages)."""

from gongkai.core.errors import DomainError, NotFound, ValidationFailed


class UnknownRule(NotFound):
    """The key is not in the registry (a programming or input error, not a missing record)."""

    code = "unknown_rule"
    default_message = "未知的规则键。"


class RuleMissing(DomainError):
    """No rule record applies for the key, the jurisdiction (or any region above it) and the date."""

    code = "rule_missing"
    http_status = 422
    default_message = "没有适用的规则记录。"


class DeadlineRuleMissing(RuleMissing):
    """A deadline could not start because its rule has no record in force."""

    code = "deadline_rule_missing"


class UnknownJurisdiction(NotFound):
    code = "unknown_jurisdiction"
    default_message = "未知的行政区划。"


class DateOutOfRange(ValidationFailed):
    code = "date_out_of_range"
    default_message = "日期超出可计算范围。"
