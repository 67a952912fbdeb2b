from django.db import connection
from ninja import Router, Schema

router = Router(tags=["系统"])


class HealthOut(Schema):
    status: str
    database: str


@router.get("", response=HealthOut, auth=None, summary="健康检查")
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor}
