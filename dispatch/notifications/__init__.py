"""Push notifications: channels, the outbox and the delivery worker.

- ``service``: ``enqueue``, ``notify_staff``, ``notify_department`` (in the caller's
  transaction), reading and retrying dead letters.
- ``channels``: Feishu/Lark, DingTalk, WeCom, Slack, Standard-Webhooks JSON and SMTP —
  rendering (zh/en, @mentions, a link back), signatures, answer classification.
- ``worker``: claims due rows, rate limits per bot with digests, backoff, dead letters.
- ``config``: settings (DISPATCH_CHANNELS_FILE, DISPATCH_PUBLIC_BASE_URL, …) and the
  channels file.
"""
