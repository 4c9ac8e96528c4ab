"""The seed's own stack doing Kheti's hot read: FastAPI + Uvicorn workers under Gunicorn, asyncpg,
an ES256 JWT check, and a tenant-scoped row read under row-level security. For side-by-side runs only."""
import os, json
import asyncpg, jwt
from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import Response

app = FastAPI()
KEY = open(os.environ['REF_PUBLIC_KEY_PEM']).read()
pool = None

@app.on_event('startup')
async def startup():
    global pool
    pool = await asyncpg.create_pool(os.environ['REF_DATABASE_URL'], min_size=4, max_size=10)

@app.get('/v1/fields/{field_id}')
async def get_field(field_id: str, authorization: str = Header(default='')):
    if not authorization.startswith('Bearer '):
        raise HTTPException(401)
    try:
        claims = jwt.decode(authorization[7:], KEY, algorithms=['ES256'], audience='kheti-ref', issuer='kheti-ref')
    except jwt.PyJWTError:
        raise HTTPException(401)
    async with pool.acquire() as c:
        async with c.transaction():
            await c.execute("select set_config('app.tenant_id', $1, true)", claims['tid'])
            await c.execute('set local role ref_app')
            row = await c.fetchrow('select id::text, farm_id::text as "farmId", name, boundary::text, area_ha as "areaHa", '
                                   'centroid::text, bbox::text, version, created_at, updated_at from fields where id = $1', field_id)
    if row is None:
        raise HTTPException(404)
    d = dict(row)
    for k in ('boundary', 'centroid', 'bbox'):
        d[k] = json.loads(d[k])
    d['createdAt'] = d.pop('created_at').isoformat(); d['updatedAt'] = d.pop('updated_at').isoformat()
    return Response(json.dumps(d), media_type='application/json')


def present(row):
    d = dict(row)
    for k in ('boundary', 'centroid', 'bbox'):
        d[k] = json.loads(d[k])
    d['createdAt'] = d.pop('created_at').isoformat(); d['updatedAt'] = d.pop('updated_at').isoformat()
    return d


# Added for Kheti's benchmark: the list read as Kheti's GET /v1/fields?limit= does it (the same
# SQL shape: every column, the tenant's rows by row-level security, ORDER BY name, id, limit + 1
# to know whether a next page exists), under the same token check and transaction as the read above.
@app.get('/v1/fields')
async def list_fields(limit: int = 50, authorization: str = Header(default='')):
    if not authorization.startswith('Bearer '):
        raise HTTPException(401)
    try:
        claims = jwt.decode(authorization[7:], KEY, algorithms=['ES256'], audience='kheti-ref', issuer='kheti-ref')
    except jwt.PyJWTError:
        raise HTTPException(401)
    if not 1 <= limit <= 200:
        raise HTTPException(422)
    async with pool.acquire() as c:
        async with c.transaction():
            await c.execute("select set_config('app.tenant_id', $1, true)", claims['tid'])
            await c.execute('set local role ref_app')
            rows = await c.fetch('select id::text, farm_id::text as "farmId", name, boundary::text, area_ha as "areaHa", '
                                 'centroid::text, bbox::text, version, created_at, updated_at from fields '
                                 'order by name, id limit $1', limit + 1)
    items = [present(r) for r in rows[:limit]]
    next_cursor = f"{items[-1]['name']}|{items[-1]['id']}" if len(rows) > limit else None
    return Response(json.dumps({'items': items, 'nextCursor': next_cursor}), media_type='application/json')
