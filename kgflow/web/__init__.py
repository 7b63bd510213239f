"""The web door: kgflow for every person in the chain, as pages in a browser and as a JSON API.

Thin like the command line: parse the request, call a service, render. The
pages are server-rendered HTML that works without JavaScript; sign-in is by a
one-time link e-mailed to the person; every state change goes through the same
services, rules and refusals as ``kgflow advance``. Nothing is kept in the
process between requests: several server processes against one PostgreSQL
are safe together.
"""
