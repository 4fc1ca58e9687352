"""A person's own data under 个人信息保护法 (issue 16, item 12): the download of everything
the portal holds about them (export.py) and the deletion of their account (erase.py)."""
