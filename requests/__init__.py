"""Repair and help requests (报事报修).

This folder shadows the PyPI `requests` package for the whole process (the project root is
first on sys.path). Its app label is `repair_requests`; see ../shared/STACK.md.
"""
