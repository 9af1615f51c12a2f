"""Thin views of towns and people, one module per topic: parse input, call a service, render
or redirect. `town` (start page, town list, leaving, town details), `legal` (the town's legal
pages), `members`, `invitations`, `audit` (the town's log), `account` (the person's own
account under /konto/); `shortcuts` holds what several of them share.
"""
