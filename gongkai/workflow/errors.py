"""Errors of the review engine (the generic ones live in gongkai.core.errors)."""

from gongkai.core.errors import Conflict, InvalidTransition, PermissionDenied


class ReviewAlreadyActive(Conflict):
    code = "review_already_active"
    default_message = "该对象已有进行中的审核，不能重复提交。"


class ReviewUnstaffed(Conflict):
    """A step would have nobody but the submitter to decide it (the review could never end)."""

    code = "review_unstaffed"
    default_message = "审核步骤除提交人外没有可以审核的人员，不能提交审核。"


__all__ = ["InvalidTransition", "PermissionDenied", "ReviewAlreadyActive", "ReviewUnstaffed"]
