from celery import shared_task

from .auth_services import sign_in_throttle_purge


@shared_task(name="gongkai.orgs.tasks.purge_sign_in_throttles")
def purge_sign_in_throttles() -> int:
    return sign_in_throttle_purge()
