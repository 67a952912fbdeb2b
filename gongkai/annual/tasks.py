from celery import shared_task

from gongkai.core import clock

from .services import reports_open_year


@shared_task(name="gongkai.annual.tasks.annual_sweep")
def annual_sweep() -> dict:
    """Daily (settings.PERIODIC_JOBS "annual-sweep"): every unit has its report and due-date clock for
    last year (条例 art. 49: departments by 31 January, governments by 31 March); the kernel's deadline
    sweep reminds the units when the clock is due soon or overdue. Idempotent."""
    year = clock.today().year - 1
    return {"opened": reports_open_year(year=year)}
