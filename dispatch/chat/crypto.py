"""The three platforms' signature and encryption schemes, as published by each.

Pure functions (bytes and strings in, bytes and strings out): the route calls them before
anything is parsed, so a forged delivery never reaches the domain. Every comparison is
constant-time. The encrypt-side functions exist because a platform's passive reply must be
encrypted the same way (WeCom) and because the tests post real encrypted payloads.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


class BadPayload(ValueError):
    """A body that does not decrypt or parse: the sender does not hold our key."""


def _cbc(key: bytes, iv: bytes, data: bytes, *, encrypt: bool) -> bytes:
    c = Cipher(algorithms.AES(key), modes.CBC(iv))
    op = c.encryptor() if encrypt else c.decryptor()
    return op.update(data) + op.finalize()


def _unpad(data: bytes, block_bits: int) -> bytes:
    u = padding.PKCS7(block_bits).unpadder()
    try:
        return u.update(data) + u.finalize()
    except ValueError:
        raise BadPayload("bad padding: wrong key") from None


# ------------------------------------------------------------------------ Feishu / Lark


def feishu_signature(timestamp: str, nonce: str, encrypt_key: str, body: bytes) -> str:
    """X-Lark-Signature: sha256(timestamp + nonce + encrypt_key + raw body), hex."""
    return hashlib.sha256((timestamp + nonce + encrypt_key).encode() + body).hexdigest()


def feishu_check_signature(timestamp: str, nonce: str, encrypt_key: str, body: bytes,
                           signature: str) -> bool:
    return hmac.compare_digest(feishu_signature(timestamp, nonce, encrypt_key, body),
                               signature or "")


def feishu_card_v1_signature(timestamp: str, nonce: str, verification_token: str,
                             body: bytes) -> str:
    """X-Lark-Signature of a legacy message-card callback (card.action.trigger_v1):
    sha1(timestamp + nonce + verification token + raw body), hex — the verification token,
    not the encrypt key, and SHA-1, not SHA-256 (larksuite oapi-sdk-python,
    lark_oapi/card/action_handler.py ``_verify_sign``)."""
    return hashlib.sha1((timestamp + nonce + verification_token).encode() + body).hexdigest()


def feishu_check_card_v1_signature(timestamp: str, nonce: str, verification_token: str,
                                   body: bytes, signature: str) -> bool:
    return hmac.compare_digest(
        feishu_card_v1_signature(timestamp, nonce, verification_token, body), signature or "")


def feishu_decrypt(encrypt: str, encrypt_key: str) -> str:
    """AES-256-CBC, key = sha256(encrypt key), the first 16 bytes of the data are the IV."""
    try:
        raw = base64.b64decode(encrypt, validate=True)
    except (ValueError, TypeError):
        raise BadPayload("encrypt: not base64") from None
    if len(raw) < 32 or len(raw) % 16:
        raise BadPayload("encrypt: wrong length")
    key = hashlib.sha256(encrypt_key.encode()).digest()
    plain = _unpad(_cbc(key, raw[:16], raw[16:], encrypt=False), 128)
    try:
        return plain.decode("utf-8")
    except UnicodeDecodeError:
        raise BadPayload("encrypt: wrong key") from None


def feishu_encrypt(plain: str, encrypt_key: str) -> str:
    key = hashlib.sha256(encrypt_key.encode()).digest()
    iv = os.urandom(16)
    p = padding.PKCS7(128).padder()
    data = p.update(plain.encode()) + p.finalize()
    return base64.b64encode(iv + _cbc(key, iv, data, encrypt=True)).decode()


# ----------------------------------------------------------------------------- DingTalk


def dingtalk_sign(timestamp: str, app_secret: str) -> str:
    """The ``sign`` header: base64(HMAC-SHA256(app secret, timestamp + "\\n" + app secret))."""
    mac = hmac.new(app_secret.encode(), f"{timestamp}\n{app_secret}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def dingtalk_check_sign(timestamp: str, app_secret: str, sign: str) -> bool:
    return hmac.compare_digest(dingtalk_sign(timestamp, app_secret), sign or "")


# -------------------------------------------------------------------------------- WeCom


def wecom_signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """msg_signature: sha1 of the four strings sorted and joined, hex."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode()).hexdigest()


def wecom_check_signature(token: str, timestamp: str, nonce: str, encrypt: str,
                          signature: str) -> bool:
    return hmac.compare_digest(wecom_signature(token, timestamp, nonce, encrypt),
                               signature or "")


def _wecom_key(encoding_aes_key: str) -> bytes:
    key = base64.b64decode(encoding_aes_key + "=")
    if len(key) != 32:
        raise ValueError("wecom encoding_aes_key must be 43 characters (32 bytes base64)")
    return key


def wecom_decrypt(encrypt: str, encoding_aes_key: str, receive_id: str) -> str:
    """AES-256-CBC with IV = key[:16], PKCS#7 to 32 bytes; the plain text is 16 random
    bytes, a 4-byte network-order length, the message, then the receiver (corp id), which
    must be ours: a message for another corp is refused."""
    key = _wecom_key(encoding_aes_key)
    try:
        raw = base64.b64decode(encrypt, validate=True)
    except (ValueError, TypeError):
        raise BadPayload("Encrypt: not base64") from None
    if not raw or len(raw) % 16:
        raise BadPayload("Encrypt: wrong length")
    plain = _unpad(_cbc(key, key[:16], raw, encrypt=False), 256)
    if len(plain) < 20:
        raise BadPayload("Encrypt: too short")
    (n,) = struct.unpack(">I", plain[16:20])
    msg, rid = plain[20:20 + n], plain[20 + n:]
    if len(msg) != n or rid.decode("utf-8", "replace") != receive_id:
        raise BadPayload("Encrypt: not for this corp")
    return msg.decode("utf-8")


def wecom_encrypt(plain: str, encoding_aes_key: str, receive_id: str) -> str:
    key = _wecom_key(encoding_aes_key)
    body = plain.encode()
    data = os.urandom(16) + struct.pack(">I", len(body)) + body + receive_id.encode()
    p = padding.PKCS7(256).padder()
    data = p.update(data) + p.finalize()
    return base64.b64encode(_cbc(key, key[:16], data, encrypt=True)).decode()
