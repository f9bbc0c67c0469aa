"""Work from the chat: app-bot messages and card buttons on Feishu/Lark, DingTalk, WeCom."""
