"""Interface strings in Chinese (default) and English."""

from __future__ import annotations

LANGS = ("zh", "en")

STRINGS: dict[str, dict[str, str]] = {
    "app": {"zh": "智能派单与会议纪要助手", "en": "Dispatch & minutes assistant"},
    "login": {"zh": "登录", "en": "Sign in"},
    "logout": {"zh": "退出", "en": "Sign out"},
    "username": {"zh": "用户名", "en": "User name"},
    "password": {"zh": "密码", "en": "Password"},
    "bad_login": {"zh": "用户名或密码错误", "en": "Wrong user name or password"},
    "home": {"zh": "首页", "en": "Home"},
    "organisation": {"zh": "组织架构", "en": "Organisation"},
    "departments": {"zh": "部门", "en": "Departments"},
    "staff": {"zh": "人员", "en": "Staff"},
    "head": {"zh": "负责人", "en": "Head"},
    "members": {"zh": "人数", "en": "Members"},
    "description": {"zh": "职责", "en": "Responsibilities"},
    "calendar": {"zh": "工作日历", "en": "Work calendar"},
    "no_org": {"zh": "尚未导入组织架构。请运行 dispatch org import ORG.yaml",
               "en": "No organisation imported yet. Run: dispatch org import ORG.yaml"},
    "signed_in_as": {"zh": "当前用户", "en": "Signed in as"},
    "role": {"zh": "角色", "en": "Role"},
    "switch_lang": {"zh": "English", "en": "中文"},
}


def translate(key: str, lang: str) -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["zh"]
