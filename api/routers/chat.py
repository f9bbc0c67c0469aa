"""App-bot callbacks: Feishu/Lark, DingTalk, WeCom (dispatch.chat.platforms says how each
is verified). No login: each platform proves itself with its signature or encryption."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from api.deps import SessionDep, SettingsDep
from dispatch.chat import platforms as pf
from dispatch.chat import service
from dispatch.chat.config import load_apps
from dispatch.orgdir.service import require_org
from dispatch.settings import Settings

router = APIRouter(prefix="/api/chat", tags=["chat"])


def _apps(settings: Settings) -> Any:
    return load_apps(settings.notifications.channels_file)


def _handle(session: Any, settings: Settings, inbound: service.Inbound) -> service.Card:
    org = require_org(db_session=session)
    try:
        return service.handle(db_session=session, settings=settings, org=org,
                              inbound=inbound)
    except service.Duplicate as d:
        return d.card


@router.post("/feishu")
async def feishu(request: Request, session: SessionDep, settings: SettingsDep,
                 background: BackgroundTasks) -> Response:
    apps = _apps(settings)
    app = pf.app_or_401(apps, "feishu")
    plain = pf.feishu_open(app, await request.body(), request.headers, apps.max_skew_s)
    if plain.get("type") == "url_verification":
        return JSONResponse({"challenge": plain.get("challenge")})
    inbound = pf.feishu_inbound(plain, apps.max_skew_s, request.headers)
    if inbound is None:
        return JSONResponse({})
    card = _handle(session, settings, inbound)
    if inbound.kind == "action":
        return JSONResponse(pf.feishu_card_answer(card, plain))
    message_id = ((plain.get("event") or {}).get("message") or {}).get("message_id")
    if message_id and not card.duplicate:
        # after the commit (the session dependency ends first): the card names stored rows
        background.add_task(pf.feishu_reply, app, str(message_id), card,
                            settings.notifications.notify_http_timeout_s)
    return JSONResponse({})


@router.post("/dingtalk")
async def dingtalk(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    apps = _apps(settings)
    app = pf.app_or_401(apps, "dingtalk")
    pf.dingtalk_verify(app, request.headers, apps.max_skew_s)
    card = _handle(session, settings, pf.dingtalk_inbound(await request.body()))
    return JSONResponse(pf.dingtalk_answer(card))


@router.post("/dingtalk/card")
async def dingtalk_card(request: Request, session: SessionDep,
                        settings: SettingsDep) -> Response:
    apps = _apps(settings)
    app = pf.app_or_401(apps, "dingtalk")
    pf.dingtalk_verify(app, request.headers, apps.max_skew_s)
    card = _handle(session, settings, pf.dingtalk_card_inbound(await request.body()))
    return JSONResponse(pf.dingtalk_card_answer(card))


@router.get("/wecom")
def wecom_check(request: Request, settings: SettingsDep) -> Response:
    apps = _apps(settings)
    app = pf.app_or_401(apps, "wecom")
    return PlainTextResponse(pf.wecom_echo(app, request.query_params, apps.max_skew_s))


@router.post("/wecom")
async def wecom(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    apps = _apps(settings)
    app = pf.app_or_401(apps, "wecom")
    inbound = pf.wecom_inbound(app, await request.body(), request.query_params,
                               apps.max_skew_s)
    if inbound is None:
        return PlainTextResponse("success")
    card = _handle(session, settings, inbound)
    return Response(pf.wecom_reply(app, inbound, card), media_type="application/xml")
