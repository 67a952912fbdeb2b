"""Errors of the review engine (the generic ones live in gongkai.core.errors)."""

from gongkai.core.errors import Conflict, InvalidTransition, PermissionDenied


class ReviewAlreadyActive(Conflict):
    code = "review_already_active"
    default_message = "该对象已有进行中的审核，不能重复提交。"


__all__ = ["InvalidTransition", "PermissionDenied", "ReviewAlreadyActive"]
